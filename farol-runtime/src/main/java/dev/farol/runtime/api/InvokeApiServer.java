package dev.farol.runtime.api;

import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.http.HttpExchange;
import dev.farol.runtime.invoke.InvokeException;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public Lambda Invoke API (lambda-apis.md §6): {@code POST /2015-03-31/functions/{name}/invocations}
 * with the {@code RequestResponse}, {@code Event} and {@code DryRun} invocation types, tail logs,
 * function errors and AWS's service error bodies, so the AWS SDKs and CLI work against it unchanged.
 * Also answers the Runtime Interface Emulator's alias {@code /2015-03-31/functions/function/invocations}
 * when exactly one function is loaded.
 */
public final class InvokeApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InvokeApiServer.class);
  private static final String PREFIX = "/2015-03-31/functions/";
  private static final String SUFFIX = "/invocations";
  private static final JsonFactory JSON = new JsonFactory();

  private final LambdaService lambda;
  private final Server server;
  private final ServerConnector connector;

  public InvokeApiServer(LambdaService lambda, String host, int port) {
    this.lambda = lambda;
    QueuedThreadPool threads = new QueuedThreadPool(400, 8);
    threads.setName("farol-invoke-api");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server, 0, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        try {
          serve(request, response, callback);
        } catch (InvokeException e) {
          serviceError(response, callback, e);
        } catch (Exception e) {
          LOG.error("invoke API: {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
          serviceError(response, callback, new InvokeException("ServiceException", 500, "internal error: "
              + e.getClass().getSimpleName()));
        }
        return true;
      }
    });
  }

  public InvokeApiServer start() throws Exception {
    server.start();
    return this;
  }

  public int port() {
    return connector.getLocalPort();
  }

  private void serve(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (!request.getMethod().equals("POST") || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) {
      throw new InvokeException("UnknownOperationException", 404, "Unknown operation " + request.getMethod() + " "
          + path);
    }
    String name = URLDecoder.decode(path.substring(PREFIX.length(), path.length() - SUFFIX.length()),
        StandardCharsets.UTF_8);
    Fields query = Request.extractQueryParameters(request);
    String qualifier = query.getValue("Qualifier");
    if (name.equals("function") && lambda.functions().size() == 1) {
      name = lambda.functions().get(0).name();
    }
    if (qualifier != null && !qualifier.isEmpty()) {
      name = name + ":" + qualifier;
    }
    HttpFields h = request.getHeaders();
    String type = h.get("X-Amz-Invocation-Type");
    type = type == null ? "RequestResponse" : type;
    boolean async = type.equals("Event");
    if (!async && !type.equals("RequestResponse") && !type.equals("DryRun")) {
      throw new InvokeException("ValidationException", 400, "1 validation error detected: Value '" + type
          + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
          + "[Event, RequestResponse, DryRun]");
    }
    byte[] payload;
    int limit = async ? 1024 * 1024 : 6 * 1024 * 1024;
    try {
      payload = HttpExchange.readBody(request, limit);
    } catch (HttpExchange.BodyTooLargeException e) {
      lambda.dryRun(name);
      throw new InvokeException("RequestTooLargeException", 413, "Request must be smaller than " + limit
          + " bytes for the InvokeFunction operation");
    }
    if (type.equals("DryRun")) {
      lambda.dryRun(name);
      response.setStatus(204);
      response.getHeaders().put("X-Amzn-RequestId", UUID.randomUUID().toString());
      callback.succeeded();
      return;
    }
    if (payload.length == 0) {
      payload = "{}".getBytes(StandardCharsets.UTF_8);
    } else {
      checkJson(payload);
    }
    String clientContext = decodeClientContext(h.get("X-Amz-Client-Context"));
    boolean tail = "Tail".equals(h.get("X-Amz-Log-Type"));
    InvokeRequest invoke = new InvokeRequest(name, payload, clientContext, null, h.get("X-Amzn-Trace-Id"),
        tail && !async);
    if (async) {
      String requestId = lambda.invokeAsync(invoke);
      response.setStatus(202);
      response.getHeaders().put("X-Amzn-RequestId", requestId);
      response.getHeaders().put("Content-Length", 0);
      callback.succeeded();
      return;
    }
    InvokeResult result = lambda.invoke(invoke);
    HttpFields.Mutable out = response.getHeaders();
    out.put("X-Amzn-RequestId", result.requestId());
    out.put("X-Amz-Executed-Version", result.executedVersion());
    if (result.functionError() != null) {
      out.put("X-Amz-Function-Error", result.functionError());
    }
    if (result.logTail() != null) {
      out.put("X-Amz-Log-Result", result.logTail());
    }
    HttpExchange.send(response, callback, 200, result.contentType(), result.payload());
  }

  private static void checkJson(byte[] payload) throws InvokeException {
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() == null) {
        return;
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new IOException("unexpected content after the JSON value");
      }
    } catch (IOException e) {
      throw new InvokeException("InvalidRequestContentException", 400, "Could not parse request body into json: "
          + firstLine(e.getMessage()));
    }
  }

  private static String decodeClientContext(String header) throws InvokeException {
    if (header == null || header.isEmpty()) {
      return null;
    }
    try {
      byte[] json = Base64.getDecoder().decode(header);
      checkJson(json);
      return new String(json, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | InvokeException e) {
      throw new InvokeException("InvalidRequestContentException", 400,
          "Client context must be a valid Base64-encoded JSON object.");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void serviceError(Response response, Callback callback, InvokeException e) {
    response.getHeaders().put("x-amzn-ErrorType", e.type());
    response.getHeaders().put("X-Amzn-RequestId", UUID.randomUUID().toString());
    StringBuilder body = new StringBuilder("{\"Type\":\"User\",\"message\":")
        .append(HttpExchange.jsonString(e.getMessage()));
    if (e.reason() != null) {
      body.append(",\"Reason\":").append(HttpExchange.jsonString(e.reason()));
    }
    body.append('}');
    if (e.status() >= 500) {
      body.replace(0, "{\"Type\":\"User\"".length(), "{\"Type\":\"Service\"");
    }
    HttpExchange.sendJson(response, callback, e.status(), body.toString());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
