package dev.farol.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurroundingsTest {

  @Test
  void tracerLayerWithoutWrapper_isTheUnwrappedHandlerStory(@TempDir Path opt) throws Exception {
    Files.createDirectories(opt.resolve("java/lib"));
    Files.write(opt.resolve("java/lib/dd-java-agent.jar"), new byte[] {1});
    Files.write(opt.resolve("datadog_wrapper"), new byte[] {1});
    Surroundings s = new Surroundings(opt, Map.of());
    assertThat(s.tracerAttached()).isTrue();
    assertThat(s.tracerNotStarted()).isTrue();
    Finding f = s.silentTracer("orders", "r-1");
    assertThat(f.code()).isEqualTo(Code.H001);
    assertThat(f.function()).isEqualTo("orders");
    assertThat(f.message()).isEqualTo("A tracer layer is attached (Datadog Java tracer (dd-java-agent) "
        + "(/opt/java/lib/dd-java-agent.jar), Datadog wrapper script (/opt/datadog_wrapper)) but no tracer data "
        + "reached the extension for invocation r-1. Nothing starts that tracer: AWS_LAMBDA_EXEC_WRAPPER is not set "
        + "and JAVA_TOOL_OPTIONS has no -javaagent, so the handler runs unwrapped.");
    assertThat(f.fix().diff()).isEqualTo("+ AWS_LAMBDA_EXEC_WRAPPER=/opt/datadog_wrapper");
    assertThat(f.evidence().location()).isEqualTo("invocation r-1");
    assertThat(Surroundings.line(f)).startsWith("FAROL-H001 handler-not-wrapped: A tracer layer is attached")
        .endsWith(" Set AWS_LAMBDA_EXEC_WRAPPER to the layer's wrapper (/opt/datadog_wrapper), or point the handler "
            + "at the tracer's handler wrapper instead of the application's (or its adapter's) class. See "
            + "docs/doctor.md#farol-h001-handler-not-wrapped.")
        .doesNotContain("trace id unset");
  }

  @Test
  void wrapperSet_butNothingArrives_isTracerSentNothing(@TempDir Path opt) throws Exception {
    Files.write(opt.resolve("otel-handler"), new byte[] {1});
    Surroundings s = new Surroundings(opt, Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-handler"));
    assertThat(s.tracerNotStarted()).isFalse();
    Finding f = s.silentTracer("orders", "r-2");
    assertThat(f.code()).isEqualTo(Code.V003);
    assertThat(f.message()).endsWith("The tracer is started (AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-handler) but sent "
        + "nothing where the extension listens.");
    assertThat(Surroundings.line(f)).startsWith("FAROL-V003 tracer-sent-nothing: ")
        .contains("Check the tracer's endpoint (OTLP on 127.0.0.1:4318)");
  }

  @Test
  void javaAgentInToolOptions_countsAsStarted_andNoLayerMeansNoFinding(@TempDir Path opt) throws Exception {
    Files.write(opt.resolve("opentelemetry-javaagent.jar"), new byte[] {1});
    Surroundings agent = new Surroundings(opt, Map.of("JAVA_TOOL_OPTIONS",
        "-javaagent:/opt/opentelemetry-javaagent.jar"));
    assertThat(agent.tracerNotStarted()).isFalse();
    assertThat(agent.silentTracer("f", "r-3").message()).contains("(a -javaagent in JAVA_TOOL_OPTIONS)");
    Surroundings none = new Surroundings(opt.resolve("empty"), Map.of());
    assertThat(none.tracerAttached()).isFalse();
    assertThat(none.silentTracer("f", "r-3")).isNull();
    assertThat(new Surroundings().silentTracer("f", "r-3")).isNull();
  }

  @Test
  void farolsTracerLayer_withTheHandlerStillOnTheApplication_isH001_withTheWrapperAsTheFix(@TempDir Path opt)
      throws Exception {
    Files.createDirectories(opt.resolve("java/lib"));
    Files.write(opt.resolve("java/lib/farol-lambda.jar"), new byte[0]);
    Surroundings adapter = new Surroundings(opt, Map.of("_HANDLER",
        "com.example.StreamLambdaHandler::handleRequest"));
    assertThat(adapter.tracerNotStarted()).isTrue();
    Finding f = adapter.silentTracer("installments", "r-1");
    assertThat(f.code()).isEqualTo(Code.H001);
    assertThat(f.message()).isEqualTo("A tracer layer is attached (Farol tracer (farol-lambda) "
        + "(/opt/java/lib/farol-lambda.jar)) but no tracer data reached the extension for invocation r-1. The "
        + "handler is com.example.StreamLambdaHandler::handleRequest, not Farol's wrapper, so the tracer never runs "
        + "and no invocation span of the function's own is made.");
    assertThat(f.evidence().excerpt()).isEqualTo("_HANDLER=com.example.StreamLambdaHandler::handleRequest");
    assertThat(f.fix().summary()).isEqualTo("Set the handler to dev.farol.lambda.TracingHandler::handleRequest and "
        + "FAROL_LAMBDA_HANDLER=com.example.StreamLambdaHandler::handleRequest (adapters such as "
        + "aws-serverless-java-container's handlers are wrapped the same way).");
    assertThat(f.fix().diff()).isEqualTo("- Handler: com.example.StreamLambdaHandler::handleRequest\n"
        + "+ Handler: dev.farol.lambda.TracingHandler::handleRequest\n"
        + "+ FAROL_LAMBDA_HANDLER=com.example.StreamLambdaHandler::handleRequest");
    Surroundings wrapped = new Surroundings(opt, Map.of("_HANDLER", "dev.farol.lambda.TracingHandler::handleRequest"));
    assertThat(wrapped.tracerNotStarted()).isFalse();
    assertThat(wrapped.silentTracer("installments", "r-2").message()).endsWith("The tracer is started (the handler "
        + "is Farol's wrapper) but sent nothing where the extension listens.");
  }

  @Test
  void findingLines_arePrintedOncePerCode_whateverTheInvocations(@TempDir Path opt) throws Exception {
    Files.createDirectories(opt.resolve("java/lib"));
    Files.write(opt.resolve("java/lib/farol-lambda.jar"), new byte[0]);
    Surroundings s = new Surroundings(opt, Map.of("_HANDLER", "com.example.App::handleRequest"));
    List<String> lines = new ArrayList<>();
    FindingLog log = new FindingLog(lines::add);
    for (String rid : List.of("r-1", "r-2", "r-3")) {
      Invocation inv = new Invocation(rid);
      inv.runtimeDoneSeen = true;
      log.report(List.of(InvocationHops.of(inv, s, "clean-math")));
    }
    assertThat(lines).singleElement().satisfies(l -> assertThat(l).startsWith("FAROL-H001 handler-not-wrapped: A "
        + "tracer layer is attached (Farol tracer (farol-lambda) (/opt/java/lib/farol-lambda.jar)) but no tracer "
        + "data reached the extension for invocation r-1. The handler is com.example.App::handleRequest, not "
        + "Farol's wrapper"));
  }

  @Test
  void withoutHandler_theProxyWrappersFileTellsIt_elseTheWrappedHandlerVariableDoes(@TempDir Path dir)
      throws Exception {
    Path opt = Files.createDirectories(dir.resolve("opt/java/lib")).getParent().getParent();
    Files.write(opt.resolve("java/lib/farol-lambda.jar"), new byte[0]);
    Path file = dir.resolve("handler");
    Files.writeString(file, "left by an earlier environment\n");
    Map<String, String> env = Map.of("FAROL_PROXY_PORT", "9009", "FAROL_HANDLER_FILE", file.toString());
    Surroundings s = new Surroundings(opt, env);
    s.forgetEarlierHandler();
    assertThat(file).doesNotExist();
    assertThat(s.handler()).isNull();
    // nothing names a real handler to the wrapper, so the wrapper is not the handler
    assertThat(s.farolTracerNotWrapping()).isTrue();
    Finding unknown = s.silentTracer("clean-math", "r-1");
    assertThat(unknown.message()).endsWith("The handler is not Farol's wrapper (FAROL_LAMBDA_HANDLER is not set, "
        + "and the wrapper cannot start without it), so the tracer never runs and no invocation span of the "
        + "function's own is made.");
    assertThat(unknown.fix().summary()).startsWith("Set the handler to dev.farol.lambda.TracingHandler::handleRequest "
        + "and FAROL_LAMBDA_HANDLER=<the function's handler>");
    // the runtime starts: /opt/farol-wrapper writes the handler
    Files.writeString(file, "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n");
    assertThat(s.handler()).isEqualTo("dev.farol.examples.cleanmath.FibonacciHandler::handleRequest");
    assertThat(s.silentTracer("clean-math", "r-2").fix().summary()).startsWith("Set the handler to "
        + "dev.farol.lambda.TracingHandler::handleRequest and "
        + "FAROL_LAMBDA_HANDLER=dev.farol.examples.cleanmath.FibonacciHandler::handleRequest");

    Surroundings named = new Surroundings(opt, Map.of("FAROL_LAMBDA_HANDLER", "com.example.App::handleRequest"));
    assertThat(named.farolTracerWrapping()).isTrue();
    assertThat(named.silentTracer("f", "r-3").code()).isEqualTo(Code.V003);
  }
}
