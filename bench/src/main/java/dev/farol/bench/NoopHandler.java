package dev.farol.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The function of the warm benchmark: answers at once with the time it spent in the handler. */
public class NoopHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    long start = System.nanoTime();
    String id = context.getAwsRequestId();
    return Map.of("id", id, "handlerNanos", System.nanoTime() - start);
  }
}
