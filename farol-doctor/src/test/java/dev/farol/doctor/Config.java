package dev.farol.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function's configuration as {@code aws lambda get-function-configuration} prints it, built for a test:
 * by default a correctly instrumented Datadog Python function.
 */
final class Config {
  static final String DD = "arn:aws:lambda:us-east-1:464622532012:layer:";
  static final String OTEL = "arn:aws:lambda:us-east-1:184161586896:layer:";
  static final String ADOT = "arn:aws:lambda:us-east-1:901920570463:layer:";
  static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:datadog-api-key-AbCdEf";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  final ObjectNode root = JSON.createObjectNode();

  private Config() {
    root.put("FunctionName", "payments");
    root.put("FunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:payments");
  }

  /** Datadog's Python setup, correct: wrapper handler, DD_LAMBDA_HANDLER, key, site, extension and tracer layers. */
  static Config datadogPython() {
    return new Config().set("Runtime", "python3.12").set("Handler", "datadog_lambda.handler.handler")
        .set("Timeout", 30).set("MemorySize", 1024).arch("x86_64").tracing("PassThrough")
        .env("DD_LAMBDA_HANDLER", "app.handler").env("DD_API_KEY_SECRET_ARN", SECRET).env("DD_SITE", "datadoghq.com")
        .layers(DD + "Datadog-Extension:65", DD + "Datadog-Python312:104");
  }

  /** A plain function with no observability at all. */
  static Config plain(String runtime, String handler) {
    return new Config().set("Runtime", runtime).set("Handler", handler).set("Timeout", 30).set("MemorySize", 1024)
        .arch("x86_64");
  }

  Config set(String key, String value) {
    root.put(key, value);
    return this;
  }

  Config set(String key, int value) {
    root.put(key, value);
    return this;
  }

  Config arch(String arch) {
    root.putArray("Architectures").add(arch);
    return this;
  }

  Config tracing(String mode) {
    root.putObject("TracingConfig").put("Mode", mode);
    return this;
  }

  Config env(String name, String value) {
    ObjectNode env = root.has("Environment") ? (ObjectNode) root.get("Environment") : root.putObject("Environment");
    ObjectNode vars = env.has("Variables") ? (ObjectNode) env.get("Variables") : env.putObject("Variables");
    vars.put(name, value);
    return this;
  }

  Config without(String name) {
    ((ObjectNode) root.get("Environment").get("Variables")).remove(name);
    return this;
  }

  Config layers(String... arns) {
    ArrayNode a = root.putArray("Layers");
    for (String arn : arns) {
      a.addObject().put("Arn", arn).put("CodeSize", 1000);
    }
    return this;
  }

  /** Writes it as {@code function.json} in {@code dir}. */
  Path write(Path dir) throws IOException {
    Path f = dir.resolve("function.json");
    Files.writeString(f, JSON.writeValueAsString(root) + "\n");
    return f;
  }
}
