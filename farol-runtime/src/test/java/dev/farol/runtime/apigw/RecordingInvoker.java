package dev.farol.runtime.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.runtime.invoke.InvokeException;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import dev.farol.runtime.invoke.Invoker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link Invoker} that records each request and answers with whatever the test set. */
final class RecordingInvoker implements Invoker {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Answers one invocation. */
  interface Responder {
    InvokeResult respond(InvokeRequest request) throws Exception;
  }

  final List<InvokeRequest> requests = new CopyOnWriteArrayList<>();
  final List<String> threadNames = new CopyOnWriteArrayList<>();
  private volatile Responder responder = request -> result("{\"statusCode\":200,\"body\":\"ok\"}");

  void respondWith(Responder responder) {
    this.responder = responder;
  }

  void respondWith(String proxyResultJson) {
    this.responder = request -> result(proxyResultJson);
  }

  @Override
  public InvokeResult invoke(InvokeRequest request) throws InvokeException {
    requests.add(request);
    threadNames.add(Thread.currentThread().getName());
    try {
      return responder.respond(request);
    } catch (InvokeException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  InvokeRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError("the function was not invoked");
    }
    return requests.get(requests.size() - 1);
  }

  JsonNode lastEvent() {
    try {
      return JSON.readTree(lastRequest().payload());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InvokeResult result(String payload) {
    return new InvokeResult(
        UUID.randomUUID().toString(),
        payload.getBytes(StandardCharsets.UTF_8),
        "application/json",
        null,
        null,
        null,
        "$LATEST");
  }

  static InvokeResult functionError(String errorType, String message) {
    String payload =
        "{\"errorType\":\"" + errorType + "\",\"errorMessage\":\"" + message + "\"}";
    return new InvokeResult(
        UUID.randomUUID().toString(),
        payload.getBytes(StandardCharsets.UTF_8),
        "application/json",
        "Unhandled",
        errorType,
        null,
        "$LATEST");
  }
}
