package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.catalog.FunctionCatalog;
import dev.farol.server.store.Store;
import dev.farol.server.ui.UiHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.server.CompressionConfig;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Farol's server: OTLP/HTTP ingest ({@code /v1/traces}, {@code /v1/logs}, {@code /v1/metrics};
 * protobuf or JSON, optionally gzip) on one port ({@link Ingest}); on another the query API ({@code /api/v1/...},
 * {@link QueryApi}, see {@code docs/api.md}; JSON gzip-compressed when the client accepts it) and the web UI at
 * every other path ({@link UiHandler}); both on 127.0.0.1 unless told otherwise. With an API key set, ingest and
 * the query API need it; the UI's static files do not (the UI asks for the key and sends it with its calls).
 * A batch is acknowledged only once the store has it durably; a retried batch stores nothing twice. Ingest is
 * bounded: see {@link Ingest} for admission (429), store failures (503) and partial success.
 */
public final class FarolServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FarolServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;

  /**
   * @param host address both ports bind
   * @param ingestPort OTLP/HTTP port (4318 by default; 0 picks one)
   * @param queryPort query API port (7070 by default; 0 picks one)
   * @param apiKey when set, every ingest and query API request must carry it ({@code x-farol-api-key} or
   *     {@code Authorization: Bearer}); the UI's static files need none
   * @param maxBodyBytes largest accepted request body, after decompression
   * @param maxInFlightRequests ingest requests admitted at once; more are refused with 429 (default
   *     {@value IngestAdmission#DEFAULT_MAX_REQUESTS})
   * @param maxInFlightBytes decoded body bytes of the admitted ingest requests together; more are refused
   *     with 429 (default {@value IngestAdmission#DEFAULT_MAX_BYTES})
   */
  public record Settings(String host, int ingestPort, int queryPort, String apiKey, long maxBodyBytes,
      int maxInFlightRequests, long maxInFlightBytes) {
    /** With the default ingest limits. */
    public Settings(String host, int ingestPort, int queryPort, String apiKey, long maxBodyBytes) {
      this(host, ingestPort, queryPort, apiKey, maxBodyBytes, IngestAdmission.DEFAULT_MAX_REQUESTS,
          IngestAdmission.DEFAULT_MAX_BYTES);
    }

    public static Settings defaults() {
      return new Settings("127.0.0.1", 4318, 7070, null, DEFAULT_MAX_BODY);
    }

    public Settings withPorts(int ingest, int query) {
      return new Settings(host, ingest, query, apiKey, maxBodyBytes, maxInFlightRequests, maxInFlightBytes);
    }

    public Settings withApiKey(String key) {
      return new Settings(host, ingestPort, queryPort, key, maxBodyBytes, maxInFlightRequests, maxInFlightBytes);
    }

    public Settings withMaxBodyBytes(long max) {
      return new Settings(host, ingestPort, queryPort, apiKey, max, maxInFlightRequests, maxInFlightBytes);
    }

    /** Ingest admission: requests and decoded body bytes in flight at once. */
    public Settings withIngestLimits(int requests, long bytes) {
      return new Settings(host, ingestPort, queryPort, apiKey, maxBodyBytes, requests, bytes);
    }
  }

  private final Settings settings;
  private final Store store;
  private final Server server;
  private final ServerConnector ingest;
  private final ServerConnector query;
  private final Ingest intake;
  private final QueryApi queries;

  /** A server that knows no function's configuration ({@code farol server}): only what telemetry tells. */
  public FarolServer(Settings settings, Store store) {
    this(settings, store, FunctionCatalog.none());
  }

  /**
   * @param catalog the configurations (and the doctor's findings) of the functions run beside this server, as
   *     {@code farol up} registers them; the query API's function page reads them
   */
  public FarolServer(Settings settings, Store store, FunctionCatalog catalog) {
    this.settings = settings;
    this.store = store;
    this.intake = new Ingest(store, settings.maxBodyBytes(), new IngestAdmission(settings.maxInFlightRequests(),
        settings.maxInFlightBytes()));
    this.queries = new QueryApi(store, intake, java.util.Objects.requireNonNull(catalog, "catalog == null"));
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("farol-server");
    threads.setDaemon(true);
    server = new Server(threads);
    ingest = new ServerConnector(server, 1, 1);
    ingest.setHost(settings.host());
    ingest.setPort(settings.ingestPort());
    query = new ServerConnector(server, 1, 1);
    query.setHost(settings.host());
    query.setPort(settings.queryPort());
    server.addConnector(ingest);
    server.addConnector(query);
    Handler ui = UiHandler.fromClasspath();
    // the query port: the API under /api/ (with the key, JSON compressed when the client accepts it), else the UI
    CompressionHandler compression = new CompressionHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isApi(request)) {
          return ui.handle(request, response, callback);
        }
        return guarded(request, response, callback, () -> {
          if (!authorized(request)) {
            send(response, callback, 401, error("missing or wrong API key"));
          } else {
            queries.handle(request, response, callback);
          }
        });
      }
    });
    compression.putCompression(new GzipCompression());
    compression.putConfiguration("/api/*", CompressionConfig.builder().defaults()
        .compressIncludeMimeType("application/json").build());
    server.setHandler(new Handler.Sequence(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (request.getConnectionMetaData().getConnector() != ingest) {
          return false;
        }
        return guarded(request, response, callback, () -> {
          if (!authorized(request)) {
            send(response, callback, 401, error("missing or wrong API key"));
          } else {
            intake.handle(request, response, callback);
          }
        });
      }
    }, compression));
  }

  private static boolean isApi(Request request) {
    String path = request.getHttpURI().getPath();
    return path.equals("/api") || path.startsWith("/api/");
  }

  /** What a port does with a request it answers. */
  private interface Answer {
    void run() throws Exception;
  }

  /** Runs the answer; anything it throws is logged and answered 500, once, in one place. */
  private static boolean guarded(Request request, Response response, Callback callback, Answer answer) {
    try {
      answer.run();
    } catch (Exception e) {
      LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      send(response, callback, 500, error("internal error: " + e.getClass().getSimpleName()));
    }
    return true;
  }

  public FarolServer start() throws Exception {
    server.start();
    Thread warmUp = new Thread(Ingest::warmUp, "farol-ingest-warm-up");
    warmUp.setDaemon(true);
    warmUp.setPriority(Thread.MIN_PRIORITY);
    warmUp.start();
    return this;
  }

  public int ingestPort() {
    return ingest.getLocalPort();
  }

  public int queryPort() {
    return query.getLocalPort();
  }

  /** Spans stored since start (a retried duplicate counts again: what was acknowledged). */
  public long spansAccepted() {
    return intake.stats().spans.accepted.get();
  }

  private boolean authorized(Request request) {
    if (settings.apiKey() == null || settings.apiKey().isEmpty()) {
      return true;
    }
    String key = request.getHeaders().get("x-farol-api-key");
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (key == null && auth != null && auth.startsWith("Bearer ")) {
      key = auth.substring(7).trim();
    }
    return key != null && java.security.MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
        settings.apiKey().getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- answers

  static byte[] error(String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void send(Response response, Callback callback, int status, byte[] body) {
    send(response, callback, status, body, "application/json");
  }

  static void send(Response response, Callback callback, int status, byte[] body, String type) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public void close() throws Exception {
    server.stop();
    store.close();
  }
}
