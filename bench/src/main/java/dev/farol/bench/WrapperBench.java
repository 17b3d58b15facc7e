package dev.farol.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.farol.lambda.TracingHandler;
import dev.farol.tracer.Config;
import dev.farol.tracer.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Farol's wrapper adds to a warm invocation, in process: reading the event's trigger, the inferred
 * and invocation spans, the MDC, and the synchronous export to a receiver that answers at once (as the
 * extension does) — against the same handler called bare. Run:
 * {@code java -cp bench.jar:lib/* org.openjdk.jmh.Main WrapperBench}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WrapperBench {
  @Param({"direct", "api-gateway"})
  public String event;

  private LeanReceiver receiver;
  private RequestStreamHandler bare;
  private RequestStreamHandler traced;
  private byte[] payload;
  private final Context context = new BenchContext();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    receiver = new LeanReceiver();
    Tracer.setGlobal(new Tracer(Config.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "bench", "FAROL_TRACER_ENDPOINT",
        "http://127.0.0.1:" + receiver.port() + "/v1/traces"))));
    bare = (in, out, ctx) -> {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      out.write("{\"statusCode\":200,\"body\":\"610\"}".getBytes(StandardCharsets.UTF_8));
    };
    traced = TracingHandler.wrap(bare);
    payload = (event.equals("direct") ? "{\"n\":15}"
        : "{\"resource\":\"/installments/{id}\",\"path\":\"/installments/1\",\"httpMethod\":\"GET\",\"headers\":"
            + "{\"Host\":\"abc.execute-api.us-east-1.amazonaws.com\",\"traceparent\":"
            + "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"User-Agent\":\"curl/8.5.0\"},"
            + "\"requestContext\":{\"resourcePath\":\"/installments/{id}\",\"httpMethod\":\"GET\",\"stage\":\"prod\","
            + "\"apiId\":\"abc\",\"requestTimeEpoch\":1764687600000,\"requestId\":\"r\"},\"body\":null}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    receiver.close();
  }

  @Benchmark
  public int bareHandler() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bare.handleRequest(new ByteArrayInputStream(payload), out, context);
    return out.size();
  }

  /** Reading the event's trigger alone (part of what the wrapper adds). */
  @Benchmark
  public Object describeEvent() {
    return dev.farol.tracer.events.EventSources.describe(new String(payload, StandardCharsets.UTF_8));
  }

  @Benchmark
  public int wrappedHandler() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    traced.handleRequest(new ByteArrayInputStream(payload), out, context);
    return out.size();
  }

  /** A warm invocation's Context, far from its deadline. */
  static final class BenchContext implements Context {
    @Override
    public String getAwsRequestId() {
      return "6f2b1c3e-0d3a-4c2e-9a51-2f0a9a8c1d11";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/bench";
    }

    @Override
    public String getLogStreamName() {
      return "stream";
    }

    @Override
    public String getFunctionName() {
      return "bench";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:123456789012:function:bench";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }
}
