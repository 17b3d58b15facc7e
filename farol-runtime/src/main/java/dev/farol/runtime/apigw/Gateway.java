package dev.farol.runtime.apigw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.runtime.apigw.GatewayRequest.Header;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import dev.farol.runtime.invoke.InvokeException;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import dev.farol.runtime.invoke.Invoker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's request path, independent of the HTTP server: route → event → invoke → response.
 *
 * <p>The invocation runs on {@code invokes} so that the front can stop waiting at the integration
 * timeout; like in AWS, the function goes on running after the client got its 504 / 503.
 */
final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What to send back.
   *
   * @param functionName the function the route chose, or {@code null} when none
   * @param requestId the id the client sees in the response headers
   */
  record Response(
      int status, List<Header> headers, byte[] body, String functionName, String requestId) {}

  private final RouteTable routes;
  private final Invoker invoker;
  private final ExecutorService invokes;
  private final Limits limits;
  private final Clock clock;

  Gateway(RouteTable routes, Invoker invoker, ExecutorService invokes, Limits limits, Clock clock) {
    this.routes = routes;
    this.invoker = invoker;
    this.invokes = invokes;
    this.limits = limits;
    this.clock = clock;
  }

  Response handle(GatewayRequest request) {
    Instant now = clock.instant();
    RequestIds ids = RequestIds.random(now);
    String trace = request.header(EventInput.TRACE_HEADER);
    try {
      return handle(request, now, ids, trace);
    } catch (RuntimeException e) {
      LOG.warn("failed on {} {}: {}", request.method(), request.rawPath(), e.toString(), e);
      ApiType type = routes.unmatchedType();
      return error(GatewayError.internal(type), type, ids, trace, null);
    }
  }

  private Response handle(GatewayRequest request, Instant now, RequestIds ids, String trace) {
    RouteTable.Match match = routes.match(request.method(), request.rawPath());
    if (match == null) {
      ApiType type = routes.unmatchedType();
      return error(GatewayError.noRoute(type), type, ids, trace, null);
    }
    ApiType type = match.apiType();
    String function = match.binding().functionName();
    if (request.body().length > limits.maxRequestBodyBytes()) {
      return error(GatewayError.REQUEST_TOO_LARGE, type, ids, trace, function);
    }
    EventInput input = EventInput.of(request, match, ids, now);
    ObjectNode event =
        match.route().format() == PayloadFormat.HTTP_V2 ? EventV2.create(input) : EventV1.create(input);
    byte[] payload;
    try {
      payload = MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode event of " + request.method() + " " + request.rawPath(), e);
    }
    if (payload.length > limits.maxEventBytes()) {
      LOG.debug("event of {} bytes is over Lambda's {} byte request quota", payload.length, limits.maxEventBytes());
      return error(GatewayError.REQUEST_TOO_LARGE, type, ids, input.traceHeader(), function);
    }
    return invoke(input, payload);
  }

  private Response invoke(EventInput input, byte[] payload) {
    RouteTable.Match match = input.match();
    ApiType type = match.apiType();
    String function = match.binding().functionName();
    String trace = input.traceHeader();
    InvokeRequest invokeRequest = new InvokeRequest(function, payload, null, null, trace, false);
    InvokeResult result;
    Future<InvokeResult> future = null;
    try {
      future = invokes.submit(() -> invoker.invoke(invokeRequest));
      result = future.get(limits.integrationTimeout(type).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      LOG.debug("{} did not answer within the {} integration timeout", function, limits.integrationTimeout(type));
      return error(GatewayError.timedOut(type), type, input.ids(), trace, function);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvokeException rejected) {
        LOG.debug("Lambda refused to invoke {}: {} {}", function, rejected.type(), rejected.getMessage());
        return error(GatewayError.invokeRejected(type, rejected), type, input.ids(), trace, function);
      }
      if (cause instanceof VirtualMachineError || cause instanceof LinkageError) {
        throw (Error) cause;
      }
      LOG.warn("invoking {} failed: {}", function, cause.toString(), cause);
      return error(GatewayError.internal(type), type, input.ids(), trace, function);
    } catch (RejectedExecutionException e) {
      return error(GatewayError.internal(type), type, input.ids(), trace, function); // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return error(GatewayError.internal(type), type, input.ids(), trace, function);
    }
    if (result.failed()) {
      LOG.debug("{} failed with {}", function, result.errorType());
      return error(GatewayError.functionFailed(type), type, input.ids(), trace, function);
    }
    ProxyResponse response;
    try {
      response = ProxyResponse.parse(match.route().format(), result.payload());
    } catch (ProxyResponse.MalformedException e) {
      LOG.warn("{} returned a malformed proxy result: {}", function, e.getMessage());
      return error(GatewayError.functionFailed(type), type, input.ids(), trace, function);
    }
    List<Header> headers = new ArrayList<>(response.headers());
    addGatewayHeaders(headers, type, input.ids(), trace);
    return new Response(response.status(), headers, response.body(), function, requestId(type, input.ids()));
  }

  private static Response error(
      GatewayError error, ApiType type, RequestIds ids, String trace, String function) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Content-Type", "application/json"));
    addGatewayHeaders(headers, type, ids, trace);
    return new Response(error.status(), headers, error.body(), function, requestId(type, ids));
  }

  /**
   * REST APIs answer with {@code x-amzn-RequestId}, {@code x-amz-apigw-id} and {@code
   * X-Amzn-Trace-Id}; HTTP APIs with {@code apigw-requestid}.
   */
  private static void addGatewayHeaders(List<Header> headers, ApiType type, RequestIds ids, String trace) {
    if (type == ApiType.REST) {
      headers.add(new Header("x-amzn-RequestId", ids.uuid()));
      headers.add(new Header("x-amz-apigw-id", ids.shortId()));
      headers.add(new Header(EventInput.TRACE_HEADER, trace != null ? trace : ids.traceId()));
    } else {
      headers.add(new Header("apigw-requestid", ids.shortId()));
    }
  }

  private static String requestId(ApiType type, RequestIds ids) {
    return type == ApiType.REST ? ids.uuid() : ids.shortId();
  }
}
