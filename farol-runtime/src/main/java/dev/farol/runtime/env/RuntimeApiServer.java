package dev.farol.runtime.env;

import dev.farol.runtime.http.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-environment APIs of every execution environment (Runtime API 2018-06-01, Extensions API
 * 2020-01-01), served by one HTTP server with one connector per environment: a loopback TCP port
 * in plain mode, a Unix socket (forwarded to 127.0.0.1:9001 inside the sandbox) in isolated mode.
 * The connector a request came in on tells which environment it belongs to.
 */
final class RuntimeApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeApiServer.class);
  static final String RUNTIME = "/2018-06-01/runtime/";
  static final String EXTENSION = "/2020-01-01/extension/";

  private final Server server;
  private final Map<Connector, ExecutionEnvironment> environments = new ConcurrentHashMap<>();

  RuntimeApiServer() {
    QueuedThreadPool threads = new QueuedThreadPool(1000, 8);
    threads.setName("farol-runtime-api");
    threads.setDaemon(true);
    server = new Server(threads);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        ExecutionEnvironment env = environments.get(request.getConnectionMetaData().getConnector());
        Reply reply;
        try {
          reply = env == null
              ? Reply.error(410, "Sandbox.Gone", "execution environment has ended")
              : route(env, request);
        } catch (Exception e) {
          LOG.warn("runtime API request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
          reply = Reply.error(500, "InternalServerError", "Internal Server Error");
        }
        if (reply == null) {
          response.setStatus(500);
          callback.succeeded();
          return true;
        }
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        reply.headers().forEach(headers::put);
        if (reply.contentType() != null) {
          headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        }
        headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
      }
    });
  }

  void start() throws Exception {
    server.start();
  }

  /** Opens a loopback TCP connector for the environment and returns its {@code host:port}. */
  String openTcp(ExecutionEnvironment env) throws Exception {
    ServerConnector c = new ServerConnector(server, 0, 1, new HttpConnectionFactory());
    c.setHost("127.0.0.1");
    c.setPort(0);
    attach(c, env);
    return "127.0.0.1:" + c.getLocalPort();
  }

  /** Opens a Unix-socket connector at {@code socket} for the environment. */
  void openUnix(ExecutionEnvironment env, Path socket) throws Exception {
    Files.deleteIfExists(socket);
    UnixDomainServerConnector c = new UnixDomainServerConnector(server, 0, 1, new HttpConnectionFactory());
    c.setUnixDomainPath(socket);
    attach(c, env);
  }

  private void attach(Connector c, ExecutionEnvironment env) throws Exception {
    environments.put(c, env);
    server.addConnector(c);
    c.start();
    env.connector = c;
  }

  void close(ExecutionEnvironment env) {
    Connector c = env.connector;
    if (c == null) {
      return;
    }
    try {
      c.stop();
    } catch (Exception e) {
      LOG.debug("stopping connector of {}", env.id, e);
    }
    server.removeConnector(c);
    environments.remove(c);
  }

  private static Reply route(ExecutionEnvironment env, Request request) throws IOException {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    HttpFields h = request.getHeaders();
    if (path.startsWith(RUNTIME)) {
      String rest = path.substring(RUNTIME.length());
      if (rest.equals("invocation/next") && method.equals("GET")) {
        return env.runtimeNext();
      }
      if (rest.startsWith("invocation/") && method.equals("POST")) {
        String tail = rest.substring("invocation/".length());
        int slash = tail.lastIndexOf('/');
        if (slash > 0) {
          String id = tail.substring(0, slash);
          String what = tail.substring(slash + 1);
          if (what.equals("response")) {
            return env.runtimeResponse(id, request);
          }
          if (what.equals("error")) {
            return env.runtimeError(id, h.get("Lambda-Runtime-Function-Error-Type"), h.get(HttpHeader.CONTENT_TYPE),
                readLimited(request));
          }
        }
      }
      if (rest.equals("init/error") && method.equals("POST")) {
        return env.runtimeInitError(h.get("Lambda-Runtime-Function-Error-Type"), readLimited(request));
      }
    } else if (path.startsWith(EXTENSION)) {
      String rest = path.substring(EXTENSION.length());
      String id = h.get("Lambda-Extension-Identifier");
      switch (rest) {
        case "register":
          if (method.equals("POST")) {
            return env.extensionRegister(h.get("Lambda-Extension-Name"), h.get("Lambda-Extension-Accept-Feature"),
                readLimited(request));
          }
          break;
        case "event/next":
          if (method.equals("GET")) {
            return env.extensionNext(id);
          }
          break;
        case "init/error":
        case "exit/error":
          if (method.equals("POST")) {
            return env.extensionError(id, rest.startsWith("init"), h.get("Lambda-Extension-Function-Error-Type"),
                readLimited(request));
          }
          break;
        default:
          break;
      }
    } else if ((path.equals("/2022-07-01/telemetry") || path.equals("/2020-08-15/logs"))) {
      if (!method.equals("PUT")) {
        return Reply.error(405, "MethodNotAllowed", "use PUT to subscribe");
      }
      return env.telemetrySubscribe(h.get("Lambda-Extension-Identifier"), path.startsWith("/2020-08-15"),
          readLimited(request));
    } else if (path.equals("/2018-06-01/ping")) {
      return new Reply(200, "text/plain", "pong".getBytes(), Map.of());
    }
    return Reply.error(404, "NotFound", "no such API: " + method + " " + path);
  }

  private static byte[] readLimited(Request request) throws IOException {
    try {
      return HttpExchange.readBody(request, ExecutionEnvironment.MAX_RESPONSE_BYTES);
    } catch (HttpExchange.BodyTooLargeException e) {
      return new byte[0];
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
