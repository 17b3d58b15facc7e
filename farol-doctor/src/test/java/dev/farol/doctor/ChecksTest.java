package dev.farol.doctor;

import static dev.farol.doctor.Config.ADOT;
import static dev.farol.doctor.Config.DD;
import static dev.farol.doctor.Config.OTEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import dev.farol.findings.Severity;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check, with a configuration that trips it and one that does not. Where the fix is exact (no value
 * the user must fill in), it is applied to the file and the finding must be gone.
 */
class ChecksTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        c(Code.H001, "python handler not wrapped", () -> Config.datadogPython().set("Handler", "app.handler")
            .without("DD_LAMBDA_HANDLER"), Config::datadogPython, true),
        c(Code.H001, "java without Datadog's exec wrapper", () -> java().layers(DD + "dd-trace-java:26",
            DD + "Datadog-Extension:65"), () -> java().layers(DD + "dd-trace-java:26", DD + "Datadog-Extension:65")
            .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/datadog_wrapper"), true),
        c(Code.H001, "OpenTelemetry python without otel-instrument", () -> otelPython(),
            () -> otelPython().env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument"), true),
        c(Code.H001, "Farol's tracer layer with the application's handler", () -> farolJava()
            .set("Handler", "com.example.Fn::handleRequest").without("FAROL_LAMBDA_HANDLER"), ChecksTest::farolJava, true),
        c(Code.H002, "wrapper without DD_LAMBDA_HANDLER", () -> Config.datadogPython().without("DD_LAMBDA_HANDLER"),
            Config::datadogPython, false),
        c(Code.H003, "DD_LAMBDA_HANDLER names the wrapper", () -> Config.datadogPython()
            .env("DD_LAMBDA_HANDLER", "datadog_lambda.handler.handler"), Config::datadogPython, false),
        c(Code.H004, "exec wrapper no layer provides", () -> Config.datadogPython()
            .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument"), Config::datadogPython, true),
        c(Code.H005, "python wrapper on nodejs", () -> Config.datadogPython().set("Runtime", "nodejs20.x")
            .layers(DD + "Datadog-Extension:65", DD + "Datadog-Node20-x:120"), () -> Config.datadogPython()
            .set("Runtime", "nodejs20.x").set("Handler", "/opt/nodejs/node_modules/datadog-lambda-js/handler.handler")
            .env("DD_LAMBDA_HANDLER", "index.handler").layers(DD + "Datadog-Extension:65", DD + "Datadog-Node20-x:120"),
            true),
        c(Code.H006, "-javaagent no layer provides", () -> Config.plain("java21", "com.example.Fn::handleRequest")
            .env("JAVA_TOOL_OPTIONS", "-javaagent:/opt/opentelemetry-javaagent.jar").layers(),
            () -> Config.plain("java21", "com.example.Fn::handleRequest").env("JAVA_TOOL_OPTIONS", "-Xss1m").layers(),
            false),
        c(Code.L001, "Datadog tracer without the extension", () -> Config.datadogPython()
            .layers(DD + "Datadog-Python312:104"), Config::datadogPython, false),
        c(Code.L002, "wrapper without the tracer layer", () -> Config.datadogPython()
            .layers(DD + "Datadog-Extension:65"), Config::datadogPython, false),
        c(Code.L003, "Node.js tracer on a python function", () -> Config.datadogPython()
            .layers(DD + "Datadog-Extension:65", DD + "Datadog-Node20-x:120"), Config::datadogPython, false),
        c(Code.L003, "python 3.9 tracer on python 3.12", () -> Config.datadogPython()
            .layers(DD + "Datadog-Extension:65", DD + "Datadog-Python39:104"), Config::datadogPython, false),
        c(Code.L004, "x86 FIPS extension on arm64", () -> Config.datadogPython().arch("arm64")
            .layers(DD + "Datadog-Extension-FIPS:65", DD + "Datadog-Python312-ARM:104"), () -> Config.datadogPython()
            .arch("arm64").layers(DD + "Datadog-Extension-ARM-FIPS:65", DD + "Datadog-Python312-ARM:104"), true),
        c(Code.L004, "x86 extension on arm64", () -> Config.datadogPython().arch("arm64")
            .layers(DD + "Datadog-Extension:65", DD + "Datadog-Python312-ARM:104"), () -> Config.datadogPython()
            .arch("arm64").layers(DD + "Datadog-Extension-ARM:65", DD + "Datadog-Python312-ARM:104"), true),
        c(Code.L006, "two telemetry extensions", () -> Config.datadogPython().layers(DD + "Datadog-Extension:65",
            DD + "Datadog-Python312:104", OTEL + "opentelemetry-collector-amd64-0_12_0:1")
            .env("OPENTELEMETRY_COLLECTOR_CONFIG_URI", "/var/task/collector.yaml"), Config::datadogPython, false),
        c(Code.L007, "six layers", () -> Config.datadogPython().layers(DD + "Datadog-Extension:65",
            DD + "Datadog-Python312:104", "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
            "arn:aws:lambda:us-east-1:123456789012:layer:b:1", "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
            "arn:aws:lambda:us-east-1:123456789012:layer:d:1"), Config::datadogPython, false),
        c(Code.L008, "a layer of another region", () -> Config.datadogPython().layers(DD + "Datadog-Extension:65",
            "arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Python312:104"), Config::datadogPython, true),
        c(Code.T001, "DD_TRACE_ENABLED=false", () -> Config.datadogPython().env("DD_TRACE_ENABLED", "false"),
            Config::datadogPython, true),
        c(Code.T001, "OTEL_SDK_DISABLED=true", () -> otelPython().env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument")
            .env("OTEL_SDK_DISABLED", "true"), () -> otelPython().env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument"),
            true),
        c(Code.T002, "ADOT with PassThrough", () -> adotPython(), () -> adotPython()
            .env("OTEL_TRACES_SAMPLER", "always_on"), true),
        c(Code.T003, "X-Ray active and Datadog both trace", () -> Config.datadogPython().tracing("Active"),
            () -> Config.datadogPython().tracing("Active").env("DD_MERGE_XRAY_TRACES", "true"), true),
        c(Code.T004, "merging X-Ray traces without active tracing", () -> Config.datadogPython()
            .env("DD_MERGE_XRAY_TRACES", "true"), () -> Config.datadogPython().env("DD_MERGE_XRAY_TRACES", "true")
            .tracing("Active"), true),
        c(Code.T005, "sample rate 0", () -> Config.datadogPython().env("DD_TRACE_SAMPLE_RATE", "0"),
            () -> Config.datadogPython().env("DD_TRACE_SAMPLE_RATE", "0.25"), true),
        c(Code.T006, "traces sent past the extension", () -> Config.datadogPython().env("DD_AGENT_HOST", "10.0.3.7"),
            () -> Config.datadogPython().env("DD_AGENT_HOST", "localhost"), true),
        c(Code.T007, "propagation without tracecontext", () -> Config.datadogPython()
            .env("DD_TRACE_PROPAGATION_STYLE", "datadog"), () -> Config.datadogPython()
            .env("DD_TRACE_PROPAGATION_STYLE", "datadog,tracecontext"), true),
        c(Code.T008, "Application Signals without active tracing", () -> appSignals(),
            () -> appSignals().tracing("Active"), true),
        c(Code.T009, "Powertools without active tracing", () -> Config.plain("python3.12", "app.handler")
            .env("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false").tracing("PassThrough"), () -> Config.plain("python3.12",
            "app.handler").env("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false").tracing("Active"), true),
        c(Code.D001, "no API key", () -> Config.datadogPython().without("DD_API_KEY_SECRET_ARN"),
            Config::datadogPython, false),
        c(Code.D002, "an SSM parameter in the secret variable", () -> Config.datadogPython()
            .env("DD_API_KEY_SECRET_ARN", "arn:aws:ssm:us-east-1:123456789012:parameter/datadog/api-key"),
            Config::datadogPython, true),
        c(Code.D003, "DD_SITE with the app host", () -> Config.datadogPython().env("DD_SITE", "https://app.datadoghq.eu/"),
            () -> Config.datadogPython().env("DD_SITE", "datadoghq.eu"), true),
        c(Code.D005, "Farol's extension on its loopback default", () -> farolJava()
            .layers("arn:aws:lambda:us-east-1:123456789012:layer:farol-tracer-java:3",
                "arn:aws:lambda:us-east-1:123456789012:layer:farol-extension:3"), () -> farolJava()
            .layers("arn:aws:lambda:us-east-1:123456789012:layer:farol-tracer-java:3",
                "arn:aws:lambda:us-east-1:123456789012:layer:farol-extension:3")
            .env("FAROL_OTLP_ENDPOINT", "https://farol.example.com:4318"), false),
        c(Code.D006, "collector with its default configuration", () -> otelPython()
            .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument").without("OPENTELEMETRY_COLLECTOR_CONFIG_URI"),
            () -> otelPython().env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument"), true),
        c(Code.D007, "a plain-text API key", () -> Config.datadogPython().without("DD_API_KEY_SECRET_ARN")
            .env("DD_API_KEY", "0123456789abcdef0123456789abcdef"), Config::datadogPython, false),
        c(Code.D008, "two key sources", () -> Config.datadogPython().env("DD_API_KEY", "0123456789abcdef0123456789abcdef"),
            Config::datadogPython, true),
        c(Code.D002, "the API key itself in the KMS variable", () -> Config.datadogPython()
            .without("DD_API_KEY_SECRET_ARN").env("DD_KMS_API_KEY", "0123456789abcdef0123456789abcdef"),
            () -> Config.datadogPython().without("DD_API_KEY_SECRET_ARN").env("DD_KMS_API_KEY",
                "AQICAHh2cGxhY2Vob2xkZXJjaXBoZXJ0ZXh0Zm9ydGVzdHM="), true),
        c(Code.D008, "three key sources, the last entry among the ignored", () -> Config.datadogPython()
            .env("DD_API_KEY_SSM_ARN", "arn:aws:ssm:us-east-1:123456789012:parameter/dd")
            .env("DD_API_KEY", "0123456789abcdef0123456789abcdef"), Config::datadogPython, true),
        c(Code.D008, "a KMS key and a secret", () -> Config.datadogPython().env("DD_KMS_API_KEY",
            "AQICAHh2cGxhY2Vob2xkZXJjaXBoZXJ0ZXh0Zm9ydGVzdHM="), Config::datadogPython, true),
        c(Code.H002, "DD_LAMBDA_HANDLER without a module", () -> Config.datadogPython().env("DD_LAMBDA_HANDLER", "handler"),
            Config::datadogPython, false),
        c(Code.C001, "DD_FLUSH_TO_LOG with the extension", () -> Config.datadogPython().env("DD_FLUSH_TO_LOG", "true"),
            Config::datadogPython, true),
        c(Code.C002, "DD_LOGS_ENABLED on an extension that reads only the old name", () -> Config.datadogPython()
            .env("DD_LOGS_ENABLED", "false"), () -> Config.datadogPython().env("DD_LOGS_ENABLED", "false")
            .layers(DD + "Datadog-Extension:96", DD + "Datadog-Python312:104"), true),
        c(Code.C002, "a Powertools setting of the other runtime", () -> Config.plain("nodejs20.x", "index.handler")
            .env("POWERTOOLS_TRACE_DISABLED", "true"), () -> Config.plain("nodejs20.x", "index.handler")
            .env("POWERTOOLS_TRACE_ENABLED", "false"), true),
        c(Code.C003, "a 3 s timeout with the extension", () -> Config.datadogPython().set("Timeout", 3),
            Config::datadogPython, true),
        c(Code.C004, "128 MB with the extension", () -> Config.datadogPython().set("MemorySize", 128),
            Config::datadogPython, true),
        c(Code.C005, "log shipping off", () -> Config.datadogPython().env("DD_SERVERLESS_LOGS_ENABLED", "false"),
            Config::datadogPython, true),
        c(Code.C006, "DD_LAMBDA_HANDLER with nothing to read it", () -> Config.plain("python3.12", "app.handler")
            .env("DD_LAMBDA_HANDLER", "app.handler"), () -> Config.plain("python3.12", "app.handler"), false),
        c(Code.G001, "no trace ids in logs without an extension", () -> Config.datadogPython()
            .layers(DD + "Datadog-Python312:104").env("DD_FLUSH_TO_LOG", "true").env("DD_LOGS_INJECTION", "false"),
            () -> Config.datadogPython().layers(DD + "Datadog-Python312:104").env("DD_FLUSH_TO_LOG", "true"), true));
  }

  private static Arguments c(Code code, String what, Supplier<Config> trips, Supplier<Config> fine, boolean fixIsExact) {
    return Arguments.of(code, what, trips, fine, fixIsExact);
  }

  static Config java() {
    return Config.plain("java21", "com.example.Fn::handleRequest").env("DD_API_KEY_SECRET_ARN", Config.SECRET)
        .env("DD_SITE", "datadoghq.com");
  }

  static Config farolJava() {
    return Config.plain("java21", "dev.farol.lambda.TracingHandler::handleRequest")
        .env("FAROL_LAMBDA_HANDLER", "com.example.Fn::handleRequest").layers("farol:tracer");
  }

  static Config otelPython() {
    return Config.plain("python3.12", "app.handler").env("OPENTELEMETRY_COLLECTOR_CONFIG_URI", "/var/task/collector.yaml")
        .layers(OTEL + "opentelemetry-python-0_11_0:1", OTEL + "opentelemetry-collector-amd64-0_12_0:1");
  }

  static Config adotPython() {
    return Config.plain("python3.12", "app.handler").env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument")
        .tracing("PassThrough").layers(ADOT + "aws-otel-python-amd64-ver-1-32-0:1");
  }

  static Config appSignals() {
    return Config.plain("python3.12", "app.handler").env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument")
        .tracing("PassThrough").layers("arn:aws:lambda:us-east-1:615299751070:layer:AWSOpenTelemetryDistroPython:5");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void trips_andTheFixedConfigurationDoesNot(Code code, String what, Supplier<Config> trips, Supplier<Config> fine,
      boolean fixIsExact, @TempDir Path dir) throws Exception {
    trips.get().write(dir);
    Report r = Examine.run(dir, "function.json");
    assertThat(Examine.codes(r)).as(what).contains(code);
    Finding f = r.findings().stream().filter(x -> x.code() == code).findFirst().orElseThrow();
    assertThat(f.function()).isEqualTo("payments");
    assertThat(f.evidence().file()).isEqualTo("function.json");
    assertThat(f.evidence().line()).isPositive();
    assertThat(f.message()).isNotBlank();
    assertThat(r.exitStatus()).isEqualTo(f.severity() == Severity.NOTE && r.findings().stream()
        .allMatch(x -> x.severity() == Severity.NOTE) ? 0 : 1);

    if (fixIsExact) {
      assertThat(f.fix()).as("fix of " + code.id()).isNotNull();
      Patch.apply(dir, f.fix());
      Report after = Examine.run(dir, "function.json");
      assertThat(after.errors()).as("the file after the fix of " + code.id() + " still reads").isEmpty();
      assertThat(Examine.codes(after)).as("after the fix of " + code.id()).doesNotContain(code);
    }

    fine.get().write(dir);
    assertThat(Examine.codes(Examine.run(dir, "function.json"))).as("fixed: " + what).doesNotContain(code);
  }

  @org.junit.jupiter.api.Test
  void setupsThatAreRight_areNotFound(@TempDir Path dir) throws Exception {
    // OpenTelemetry's Python layer ships /opt/otel-handler as well as /opt/otel-instrument
    otelPython().env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-handler").write(dir);
    Report otel = Examine.run(dir, "function.json");
    assertThat(Examine.codes(otel)).doesNotContain(Code.H001, Code.H004);
    assertThat(otel.exitStatus()).as("an upstream's sampling decision is only a note").isZero();
    // ADOT's xray-lambda propagator takes X-Ray's context: no split trace with active tracing
    adotPython().tracing("Active").write(dir);
    assertThat(Examine.codes(Examine.run(dir, "function.json"))).doesNotContain(Code.T003);
    // Farol's wrapper reads DD_LAMBDA_HANDLER too
    farolJava().without("FAROL_LAMBDA_HANDLER").env("DD_LAMBDA_HANDLER", "com.example.Fn::handleRequest").write(dir);
    assertThat(Examine.codes(Examine.run(dir, "function.json"))).doesNotContain(Code.H002);
  }
}
