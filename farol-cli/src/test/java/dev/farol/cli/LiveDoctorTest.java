package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code farol doctor --live}: the function run once on a private local Lambda with Farol's extension and a private
 * server, every hop followed to the query API, the first broken one named with the same code as the static doctor
 * names it, and everything it started stopped before it returns.
 */
class LiveDoctorTest {
  private static final Path HOME = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** clean-math with Farol's tracer layer attached and its handler left on the application's class. */
  private static Path unwrappedTemplate(Path dir) throws IOException {
    return Files.writeString(dir.resolve("template.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\n"
        + "Transform: AWS::Serverless-2016-10-31\n"
        + "Resources:\n"
        + "  CleanMathFunction:\n"
        + "    Type: AWS::Serverless::Function\n"
        + "    Properties:\n"
        + "      FunctionName: clean-math\n"
        + "      Runtime: java17\n"
        + "      Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
        + "      CodeUri: " + HOME.resolve("examples/clean-math/target/clean-math.jar") + "\n"
        + "      MemorySize: 512\n"
        + "      Timeout: 10\n"
        + "      Layers: [farol:tracer]\n");
  }

  /** Runs the command and checks that it left no process and no temporary directory of its own behind. */
  private static FarolCliTest.Run live(String... args) throws Exception {
    Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    Set<Path> tmpBefore = liveDirs();
    FarolCliTest.Run r = FarolCliTest.farol(args);
    List<ProcessHandle> started = ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()))
        .toList();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle p : started) {
      try {
        p.onExit().get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException stillAlive) {
        break; // said by the assertion below
      }
    }
    assertThat(started).as("processes the live check started").noneMatch(ProcessHandle::isAlive);
    assertThat(liveDirs()).as("temporary directories of the live check").isEqualTo(tmpBefore);
    return r;
  }

  private static Set<Path> liveDirs() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("farol-live-")).collect(Collectors.toSet());
    }
  }

  @Test
  void anUnwrappedHandler_isNamedHandlerNotWrapped_asTheStaticDoctorNamesIt(@TempDir Path dir) throws Exception {
    Path template = unwrappedTemplate(dir);

    FarolCliTest.Run r = live("doctor", "--live", "clean-math", "--template", template.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("farol doctor --live clean-math: one invocation through the Invoke API "
        + "(traceparent in the client context), request ");
    assertThat(r.out()).contains(
        "  passed  handler-loaded   the runtime loaded the handler and ran it\n",
        "  failed  wrapper-ran      the tracer's wrapper ran around the handler\n",
        "  failed  tracer-active    a tracer was active in the invocation\n",
        "  failed  spans-received   the extension received the tracer's spans (0 tracer spans)\n",
        "  passed  cold-start-span  a cold start's init span is in the invocation's trace (aws.lambda.init under the "
            + "invocation span)\n",
        "  passed  flushed          the extension sent the invocation's data to the server (the extension's "
            + "diagnostics arrived with its flush)\n");
    // the cause is the extension's finding, with the same code as the static doctor's
    String cause = r.out().substring(r.out().indexOf("\n\nerror ") + 2);
    assertThat(cause).startsWith("error FAROL-H001 handler-not-wrapped  clean-math\n  at invocation ");
    assertThat(cause).contains("The handler is dev.farol.examples.cleanmath.FibonacciHandler::handleRequest, not "
            + "Farol's wrapper, so the tracer never runs",
        "  fix: Set the handler to dev.farol.lambda.TracingHandler::handleRequest and "
            + "FAROL_LAMBDA_HANDLER=dev.farol.examples.cleanmath.FibonacciHandler::handleRequest",
        "    - Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
            + "    + Handler: dev.farol.lambda.TracingHandler::handleRequest\n"
            + "    + FAROL_LAMBDA_HANDLER=dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n",
        "  docs/doctor.md#farol-h001-handler-not-wrapped\n");
    assertThat(r.out()).endsWith("\nwrapper-ran broke (exit 1)\n");
    FarolCliTest.Run statically = FarolCliTest.farol("doctor", template.toString());
    assertThat(statically.code()).isEqualTo(1);
    assertThat(statically.out()).contains("error FAROL-H001 handler-not-wrapped  clean-math\n");
  }

  @Test
  void theBundledWrappedCleanMath_passesEveryHop_coldStartIncluded() throws Exception {
    FarolCliTest.Run r = live("doctor", "--live", "clean-math", "--json", "--template",
        HOME.resolve("examples/template.yaml").toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("exitStatus").asInt()).isZero();
    assertThat(out.get("function").asText()).isEqualTo("clean-math");
    assertThat(out.get("traceId").asText()).isEqualTo(out.get("callerTraceId").asText()).matches("[0-9a-f]{32}");
    List<String> hops = new ArrayList<>();
    out.get("hops").forEach(h -> hops.add(h.get("hop").asText() + "=" + h.get("status").asText()));
    assertThat(hops).containsExactly("handler-loaded=passed", "wrapper-ran=passed", "tracer-active=passed",
        "spans-received=passed", "invocation-span=passed", "cold-start-span=passed", "logs-correlated=passed",
        "flushed=passed", "stored=passed", "queryable=passed");
    assertThat(out.at("/hops/5/detail").asText()).isEqualTo("aws.lambda.init under the invocation span");
    assertThat(out.get("findings")).isEmpty();
  }

  @Test
  void aFunctionThatIsNotThere_exits2_namingTheOnesThereAre() throws Exception {
    FarolCliTest.Run r = live("doctor", "--live", "nope", "--template", HOME.resolve("examples/template.yaml")
        .toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("farol: no function named 'nope' in " + HOME.resolve("examples/template.yaml")
        + " (functions: clean-math, installment-payment-transfers, installment-bookkeeping-events)\n");
    FarolCliTest.Run sarif = FarolCliTest.farol("doctor", "--live", "clean-math", "--sarif");
    assertThat(sarif.code()).isEqualTo(2);
    assertThat(sarif.err()).isEqualTo("farol: --sarif is for the configuration check; --live reports as text or with "
        + "--json\n");
  }
}
