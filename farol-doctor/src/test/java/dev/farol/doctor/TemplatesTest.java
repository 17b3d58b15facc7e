package dev.farol.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SAM and CloudFormation templates, serverless.yml, and the API's JSON: what each reader makes of them. */
class TemplatesTest {
  @TempDir
  Path dir;

  private Report run(String file, String text) throws Exception {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return Examine.run(dir, file);
  }

  @Test
  void sam_globalsMergeIntoFunctions_andIntrinsicsAreEvaluatedAsFarAsTheTemplateTells() throws Exception {
    Report r = run("template.yaml", """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Stage: {Type: String, Default: prod}
          Site: {Type: String}
        Mappings:
          Layers:
            us-east-1: {extension: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65'}
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
        Globals:
          Function:
            Runtime: python3.12
            Timeout: 30
            Environment:
              Variables:
                DD_ENV: !Ref Stage
                DD_SITE: !Ref Site
            Layers:
              - !FindInMap [Layers, us-east-1, extension]
        Resources:
          Api:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: !Sub 'payments-${Stage}'
              Handler: app.handler
              MemorySize: !If [IsProd, 1024, 256]
              Environment:
                Variables:
                  REGION: !Sub '${AWS::Region}'
                  QUEUE: !GetAtt Queue.Arn
              Layers:
                - !Sub 'arn:aws:lambda:${AWS::Region}:464622532012:layer:Datadog-Python312:104'
        """);

    assertThat(r.errors()).isEmpty();
    FunctionDef f = r.functions().get(0);
    assertThat(f.name()).isEqualTo("payments-prod");
    assertThat(f.runtime().value()).isEqualTo("python3.12");
    assertThat(f.memory().value()).isEqualTo("1024");
    assertThat(f.env().get("DD_ENV").value()).isEqualTo("prod");
    assertThat(f.env().get("DD_SITE").text()).isEqualTo("!Ref Site");
    assertThat(f.env().get("REGION").text()).isEqualTo("${AWS::Region}");
    assertThat(f.env().get("QUEUE").text()).isEqualTo("!GetAtt Queue.Arn");
    assertThat(f.env().site().line()).isEqualTo(30);
    assertThat(f.layers().items()).extracting(Val::text).containsExactly(
        "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65",
        "arn:aws:lambda:${AWS::Region}:464622532012:layer:Datadog-Python312:104");
    // the Datadog Python layer is told by its name even with the region left to the deploy
    assertThat(Examine.only(r, Code.H001).message()).contains("Datadog-Python312");
  }

  @Test
  void sam_theDatadogMacroRewritesEachFunctionAsAtDeploy() throws Exception {
    Report r = run("template.yaml", """
        Transform:
          - AWS::Serverless-2016-10-31
          - Name: DatadogServerless
            Parameters:
              stackName: !Ref AWS::StackName
              pythonLayerVersion: 127
              extensionLayerVersion: 99
              apiKeySecretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
              site: datadoghq.eu
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Runtime: python3.12
              Timeout: 30
              MemorySize: 512
              Policies:
                - AWSSecretsManagerGetSecretValuePolicy:
                    SecretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
        """);

    FunctionDef f = r.functions().get(0);
    assertThat(f.handler().value()).isEqualTo("datadog_lambda.handler.handler");
    assertThat(f.env().get("DD_LAMBDA_HANDLER").value()).isEqualTo("app.handler");
    assertThat(f.env().get("DD_SITE").value()).isEqualTo("datadoghq.eu");
    assertThat(f.env().get("DD_SITE").site().line()).isEqualTo(9);
    assertThat(f.layers().items()).extracting(Val::text).containsExactly(
        "arn:aws:lambda:${AWS::Region}:464622532012:layer:Datadog-Python312:127",
        "arn:aws:lambda:${AWS::Region}:464622532012:layer:Datadog-Extension:99");
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void sam_roleWithoutTheSecretsPermission_isFound() throws Exception {
    String template = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: datadog_lambda.handler.handler
              Runtime: python3.12
              Timeout: 30
              MemorySize: 512
              Layers:
                - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104
                - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65
              Environment:
                Variables:
                  DD_LAMBDA_HANDLER: app.handler
                  DD_API_KEY_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
              Policies:
                - AWSLambdaBasicExecutionRole
        """;
    Report denied = run("template.yaml", template);
    assertThat(Examine.codes(denied)).containsExactly(Code.D004);
    Patch.apply(dir, Examine.only(denied, Code.D004).fix());
    assertThat(Examine.codes(Examine.run(dir, "template.yaml"))).as("after the fix").isEmpty();
    assertThat(Examine.codes(run("template.yaml", template.replace("- AWSLambdaBasicExecutionRole",
        "- Statement: [{Effect: Allow, Action: 'secretsmanager:GetSecretValue', Resource: '*'}]")))).isEmpty();
    assertThat(Examine.codes(run("template.yaml", template.replace("- AWSLambdaBasicExecutionRole",
        "- SomeTeamsManagedPolicy")))).as("a policy the doctor cannot read: nothing concluded").isEmpty();
  }

  @Test
  void serverless_defaultRoleCannotReadTheSecret_andTheFixAddsAStatement() throws Exception {
    Report r = run("serverless.yml", """
        service: s
        provider:
          name: aws
          runtime: python3.12
          timeout: 30
          memorySize: 512
          environment:
            DD_API_KEY_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
        functions:
          api:
            handler: datadog_lambda.handler.handler
            environment:
              DD_LAMBDA_HANDLER: app.handler
            layers:
              - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104
              - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65
        """);
    assertThat(Examine.codes(r)).containsExactly(Code.D004);
    assertThat(Examine.only(r, Code.D004).fix().diff()).contains("+  iam:", "+    role:", "+      statements:");
    Patch.apply(dir, Examine.only(r, Code.D004).fix());
    assertThat(Examine.codes(Examine.run(dir, "serverless.yml"))).isEmpty();
  }

  @Test
  void sam_tracerBundledInThePackageAndInALayer() throws Exception {
    Files.createDirectories(dir.resolve("src/datadog_lambda"));
    Files.writeString(dir.resolve("src/app.py"), "def handler(event, context):\n    return 1\n");
    String template = """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: datadog_lambda.handler.handler
              Runtime: python3.12
              CodeUri: src
              Timeout: 30
              MemorySize: 512
              Layers:
                - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104
                - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65
              Environment:
                Variables:
                  DD_LAMBDA_HANDLER: app.handler
                  DD_API_KEY_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
              Policies:
                - AWSSecretsManagerGetSecretValuePolicy: {SecretArn: '*'}
        """;
    Report r = run("template.yaml", template);
    assertThat(Examine.only(r, Code.L005).message()).contains("src/datadog_lambda", "Datadog-Python312");
    Patch.apply(dir, Examine.only(r, Code.L005).fix());
    assertThat(Examine.codes(Examine.run(dir, "template.yaml"))).doesNotContain(Code.L005);
  }

  @Test
  void serverless_variablesResolve_functionLayersReplaceTheProviders_andThePluginRewritesFunctions() throws Exception {
    Report r = run("serverless.yml", """
        service: orders
        plugins: [serverless-plugin-datadog]
        custom:
          stage: ${opt:stage, 'dev'}
          datadog:
            apiKeySecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:dd-AbCdEf
            site: ${self:custom.site}
          site: datadoghq.eu
        provider:
          name: aws
          runtime: nodejs20.x
          region: eu-west-1
          memorySize: 512
          timeout: 20
          environment:
            STAGE: ${self:custom.stage}
            TABLE: ${ssm:/orders/table}
          layers: [arn:aws:lambda:eu-west-1:123456789012:layer:shared:1]
          iam:
            role:
              statements:
                - {Effect: Allow, Action: 'secretsmanager:GetSecretValue', Resource: '*'}
        functions:
          api:
            handler: src/api.handler
            layers: [arn:aws:lambda:eu-west-1:123456789012:layer:own:2]
        """);

    FunctionDef f = r.functions().get(0);
    assertThat(f.name()).isEqualTo("api");
    assertThat(f.env().get("STAGE").value()).isEqualTo("dev");
    assertThat(f.env().get("TABLE").text()).isEqualTo("${ssm:/orders/table}");
    assertThat(f.env().get("DD_SITE").value()).isEqualTo("datadoghq.eu");
    assertThat(f.handler().value()).isEqualTo("/opt/nodejs/node_modules/datadog-lambda-js/handler.handler");
    assertThat(f.env().get("DD_LAMBDA_HANDLER").value()).isEqualTo("src/api.handler");
    assertThat(f.layers().items()).extracting(Val::text).containsExactly(
        "arn:aws:lambda:eu-west-1:123456789012:layer:own:2",
        "arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Node20-x:${serverless-plugin-datadog's pinned version}",
        "arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:${serverless-plugin-datadog's pinned version}");
    assertThat(f.env().get("DD_LOGS_INJECTION").value()).isEqualTo("false");
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void functionJson_readsGetFunctionAndListFunctionsAnswers() throws Exception {
    Report r = run("functions.json", """
        {"Functions": [
          {"FunctionName": "a", "Runtime": "python3.12", "Handler": "a.handler"},
          {"FunctionName": "b", "Runtime": "nodejs20.x", "Handler": "b.handler"}
        ]}
        """);
    assertThat(r.functions()).extracting(FunctionDef::name).containsExactly("a", "b");
    assertThat(r.functions().get(1).handler().site().path()).isEqualTo("$.Functions[1].Handler");
    Report one = run("get-function.json", """
        {"Configuration": {"FunctionName": "c", "Runtime": "java21", "Handler": "C::handle"}, "Code": {}}
        """);
    assertThat(one.functions()).extracting(FunctionDef::name).containsExactly("c");
  }

  @Test
  void badInput_isNamedByFileAndLine_andEverythingElseIsStillExamined() throws Exception {
    Files.writeString(dir.resolve("template.yaml"), "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        + "    Properties: {Handler: a.b\n");
    Files.writeString(dir.resolve("function.json"), "{\"FunctionName\": \"x\", \"Handler\": \"a.b\",\n  \"Runtime\": }\n");
    Files.writeString(dir.resolve("serverless.yml"), "service: s\nprovider: {name: aws, runtime: python3.12}\n"
        + "functions:\n  ok:\n    handler: ok.handler\n");

    Report r = Examine.run(dir);

    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().get(0)).startsWith("cannot read function.json:2: not valid JSON: Unexpected character ('}'");
    assertThat(r.errors().get(1)).startsWith("cannot read template.yaml:5: not valid YAML:");
    assertThat(r.functions()).extracting(FunctionDef::name).containsExactly("ok");
    assertThat(r.exitStatus()).isEqualTo(2);
  }

  @Test
  void noDefinitions_isSaid() throws Exception {
    Files.writeString(dir.resolve("README.md"), "nothing here\n");
    Report r = Examine.run(dir);
    assertThat(Examine.only(r, Code.I002).message()).startsWith("No function definition was found under .");
    assertThat(r.exitStatus()).isZero();
  }
}
