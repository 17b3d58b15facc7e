package dev.farol.examples.cleanmath;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A plain handler: fibonacci(n) for the event's {@code n} (15 when absent). */
public class FibonacciHandler implements RequestHandler<Map<String, Object>, Long> {
  private static final Logger LOG = LoggerFactory.getLogger(FibonacciHandler.class);
  static final int DEFAULT_N = 15;
  static final int MAX_N = 92;

  @Override
  public Long handleRequest(Map<String, Object> event, Context context) {
    Object raw = event == null ? null : event.get("n");
    int n = raw instanceof Number num ? num.intValue() : raw == null ? DEFAULT_N : Integer.parseInt(raw.toString());
    if (n < 0 || n > MAX_N) {
      throw new IllegalArgumentException("n must be between 0 and " + MAX_N + ", got " + n);
    }
    long result = fibonacci(n);
    LOG.info("fibonacci({}) = {} [request {}]", n, result, context.getAwsRequestId());
    return result;
  }

  static long fibonacci(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long next = a + b;
      a = b;
      b = next;
    }
    return a;
  }
}
