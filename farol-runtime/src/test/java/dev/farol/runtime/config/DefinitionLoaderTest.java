package dev.farol.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {
  @TempDir
  Path dir;

  @BeforeEach
  void code() throws IOException {
    Files.createDirectories(dir.resolve("build"));
    Files.write(dir.resolve("build/app.jar"), new byte[] {'P', 'K'});
    Files.write(dir.resolve("build/app.zip"), new byte[] {'P', 'K'});
    Files.createDirectories(dir.resolve("layers/ext/extensions"));
  }

  private Definitions load(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return DefinitionLoader.load(f);
  }

  private static final String SAM = """
      AWSTemplateFormatVersion: '2010-09-09'
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Stage:
          Type: String
          Default: qa
      Globals:
        Function:
          Runtime: java17
          Timeout: 20
          MemorySize: 512
          Environment:
            Variables:
              SHARED: from-globals
              STAGE: !Ref Stage
      Resources:
        PaymentsFunction:
          Type: AWS::Serverless::Function
          Properties:
            FunctionName: installment-payment-transfers
            Handler: example.Payments::handleRequest
            CodeUri: build/app.zip
            MemorySize: 1024
            ReservedConcurrentExecutions: 3
            Architectures: [arm64]
            Layers:
              - !Ref ExtLayer
              - farol:extension
            Environment:
              Variables:
                TABLE: !Ref Installments
                URL: !Sub "https://${AWS::Region}.example.com/${Stage}"
                QUEUE_ARN: !GetAtt Queue.Arn
                SHARED: from-function
            Events:
              Get:
                Type: Api
                Properties:
                  Path: /installments/{id}
                  Method: get
                  RestApiId: !Ref Api
              Anything:
                Type: HttpApi
                Properties:
                  Path: /bookkeeping/{proxy+}
                  Method: any
                  PayloadFormatVersion: "1.0"
              Queue:
                Type: SQS
                Properties:
                  Queue: !GetAtt Queue.Arn
        MathFunction:
          Type: AWS::Serverless::Function
          Properties:
            Handler: example.Math::handleRequest
            CodeUri: build/app.jar
            Events:
              Root:
                Type: HttpApi
        Api:
          Type: AWS::Serverless::Api
          Properties:
            StageName: v1
        ExtLayer:
          Type: AWS::Serverless::LayerVersion
          Properties:
            ContentUri: layers/ext
        Installments:
          Type: AWS::DynamoDB::Table
        Queue:
          Type: AWS::SQS::Queue
      """;

  @Test
  void samTemplate_globalsParametersIntrinsicsLayersAndEvents() throws IOException {
    Definitions d = load("template.yaml", SAM);
    assertThat(d.functions()).extracting(FunctionConfig::name)
        .containsExactly("installment-payment-transfers", "MathFunction");
    FunctionConfig p = d.find("installment-payment-transfers").orElseThrow();
    assertThat(p.handler()).isEqualTo("example.Payments::handleRequest");
    assertThat(p.runtime()).isEqualTo("java17");
    assertThat(p.code()).isEqualTo(dir.resolve("build/app.zip"));
    assertThat(p.memorySizeMb()).isEqualTo(1024);
    assertThat(p.timeoutSeconds()).isEqualTo(20);
    assertThat(p.reservedConcurrency()).isEqualTo(3);
    assertThat(p.architecture()).isEqualTo("arm64");
    assertThat(p.environment()).containsExactly(
        org.assertj.core.api.Assertions.entry("SHARED", "from-function"),
        org.assertj.core.api.Assertions.entry("STAGE", "qa"),
        org.assertj.core.api.Assertions.entry("TABLE", "Installments"),
        org.assertj.core.api.Assertions.entry("URL", "https://us-east-1.example.com/qa"));
    assertThat(d.warnings()).singleElement().asString().contains("template.yaml:33").contains("QUEUE_ARN");
    assertThat(p.layers()).extracting(LayerRef::ref).containsExactly("ExtLayer", "farol:extension");
    assertThat(p.layers().get(0).path()).isEqualTo(dir.resolve("layers/ext"));
    assertThat(p.layers().get(1).isBuiltIn()).isTrue();
    assertThat(p.routes()).containsExactly(
        new HttpRoute("GET", "/installments/{id}", HttpRoute.PayloadFormat.REST_V1, "v1"),
        new HttpRoute("ANY", "/bookkeeping/{proxy+}", HttpRoute.PayloadFormat.HTTP_V1, "$default"));
    assertThat(p.origin().line()).isEqualTo(18);

    FunctionConfig m = d.find("MathFunction").orElseThrow();
    assertThat(m.memorySizeMb()).isEqualTo(512);
    assertThat(m.reservedConcurrency()).isEqualTo(FunctionConfig.UNRESERVED);
    assertThat(m.environment()).containsOnlyKeys("SHARED", "STAGE");
    assertThat(m.routes()).containsExactly(new HttpRoute("ANY", "$default", HttpRoute.PayloadFormat.HTTP_V2,
        "$default"));
  }

  @Test
  void farolYaml_shortForm() throws IOException {
    Definitions d = load("farol.yaml", """
        functions:
          clean-math:
            handler: example.Math::handleRequest
            code: build/app.jar
            memory: 256
            timeout: 10
            environment: {B: "2", A: "1"}
            layers: [layers/ext]
            concurrency: 5
            routes:
              - GET /math/{n}
              - {method: post, path: /legacy, format: rest-v1}
          native:
            runtime: provided.al2023
            code: build/app.zip
        """);
    FunctionConfig f = d.functions().get(0);
    assertThat(f.name()).isEqualTo("clean-math");
    assertThat(f.runtime()).isEqualTo("java17");
    assertThat(f.memorySizeMb()).isEqualTo(256);
    assertThat(f.environment().keySet()).containsExactly("B", "A");
    assertThat(f.reservedConcurrency()).isEqualTo(5);
    assertThat(f.layers().get(0).path()).isEqualTo(dir.resolve("layers/ext"));
    assertThat(f.routes()).containsExactly(
        new HttpRoute("GET", "/math/{n}", HttpRoute.PayloadFormat.HTTP_V2, "$default"),
        new HttpRoute("POST", "/legacy", HttpRoute.PayloadFormat.REST_V1, "Prod"));
    FunctionConfig n = d.find("native").orElseThrow();
    assertThat(n.handler()).isEqualTo("bootstrap");
    assertThat(n.isJava()).isFalse();
    assertThat(n.timeoutSeconds()).isEqualTo(3);
    assertThat(n.memorySizeMb()).isEqualTo(128);
  }

  private void fails(String name, String yaml, String... parts) {
    assertThatThrownBy(() -> load(name, yaml)).isInstanceOf(ConfigException.class)
        .message().contains(parts);
  }

  @Test
  void errors_nameFileAndLine() {
    fails("template.yaml", SAM.replace("MemorySize: 1024", "MemorySize: 64"),
        "template.yaml:23: MemorySize must be between 128 and 10240 MB, got 64");
    fails("template.yaml", SAM.replace("Timeout: 20", "Timeout: 0"), "template.yaml:10: Timeout must be between 1");
    fails("template.yaml", SAM.replace("CodeUri: build/app.jar", "CodeUri: build/missing.jar"),
        "template.yaml:56: CodeUri build/missing.jar does not exist", "build it first");
    fails("template.yaml", SAM.replace("Runtime: java17", "Runtime: java99"), "template.yaml:9: unknown runtime java99");
    fails("template.yaml", SAM.replace("Runtime: java17", "Runtime: python3.12"), "python3.12 is not supported");
    fails("template.yaml", SAM.replace("      Handler: example.Math::handleRequest\n", ""),
        "function MathFunction has no Handler");
    fails("template.yaml", SAM.replace("        - farol:extension", "        - arn:aws:lambda:us-east-1:"
        + "464622532012:layer:Datadog-Extension:65"), "template.yaml:28: layer arn:aws:lambda", "cannot be fetched");
    fails("template.yaml", SAM.replace("FunctionName: installment-payment-transfers", "FunctionName: MathFunction"),
        "two functions are named MathFunction");
    fails("template.yaml", "Resources:\n  A: [1\n", "template.yaml:", "not valid YAML");
  }

  @Test
  void farolYaml_typosAreCaughtWithASuggestion() {
    fails("farol.yaml", "functions:\n  a:\n    handler: x::y\n    code: build/app.jar\n    memroy: 256\n",
        "farol.yaml:5: unknown key of function a 'memroy' (did you mean 'memory'?)");
    fails("farol.yaml", "functoins: {}\n", "expected a SAM template");
    fails("farol.yaml", "functions:\n  a:\n    handler: x::y\n    code: build/app.jar\n    routes: [\"GET\"]\n",
        "farol.yaml:5: a route is \"METHOD /path\"");
  }
}
