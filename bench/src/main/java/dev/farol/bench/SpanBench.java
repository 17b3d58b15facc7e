package dev.farol.bench;

import dev.farol.tracer.Config;
import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import dev.farol.tracer.SpanKind;
import dev.farol.tracer.Tracer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a span in Farol's tracer: start, a few attributes, end (recorded for the next flush), and
 * the same made current around a body. Run: {@code java -cp bench.jar:lib/* org.openjdk.jmh.Main SpanBench}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanBench {
  private Tracer tracer;
  private Span parent;

  @Setup(Level.Iteration)
  public void setUp() {
    // nothing listens on the endpoint: the benchmark measures the span, not the export
    tracer = new Tracer(Config.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "bench", "FAROL_TRACER_ENDPOINT",
        "http://127.0.0.1:9/v1/traces")));
    parent = tracer.startSpan("aws.lambda", SpanKind.SERVER, null, Tracer.now());
  }

  private int n;

  /** What a flush would take away, taken away every 4,096 spans (counted in the cost). */
  private void drainSometimes() {
    if ((++n & 4095) == 0) {
      tracer.discardEnded();
    }
  }

  @Benchmark
  public Span startAndEnd() {
    Span s = tracer.startChild("SELECT orders", SpanKind.CLIENT, parent, Tracer.now());
    s.setAttribute("db.system", "postgresql");
    s.setAttribute("db.rows", 12L);
    s.end();
    drainSometimes();
    return s;
  }

  @Benchmark
  public Span startActivateEnd() {
    Span s = tracer.startChild("price quote", SpanKind.INTERNAL, parent, Tracer.now());
    try (Scope ignored = s.activate()) {
      s.setAttribute("quote.id", "q-7");
    }
    s.end();
    drainSometimes();
    return s;
  }
}
