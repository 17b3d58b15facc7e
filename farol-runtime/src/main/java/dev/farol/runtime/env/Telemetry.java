package dev.farol.runtime.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telemetry API (2022-07-01) and the older Logs API (2020-08-15) of one execution environment
 * (lambda-apis.md §4): subscriptions, the events with AWS's record shapes, per-subscriber buffering
 * (maxItems, maxBytes, timeoutMs), and delivery by HTTP POST (or TCP lines) to the extension's
 * listener inside the environment.
 *
 * <p>Deliveries happen only while the environment is thawed: a frozen environment's listener cannot
 * answer, so batches wait for the next thaw (or the flush before SHUTDOWN), which is also why an
 * extension sees the {@code platform.report} of one invocation during the next, as on AWS.
 */
final class Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Set<String> SCHEMAS = Set.of("2022-07-01", "2022-12-13", "2025-01-29");
  private static final Set<String> TYPES = Set.of("platform", "function", "extension");
  private static final int BACKLOG_LIMIT = 2_000;

  /** Opens a connection to a port of the environment's loopback (directly, or through the sandbox). */
  interface Connector {
    SocketChannel open(int port) throws IOException;
  }

  private final String envId;
  private final Connector connector;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  /** Events of the current init phase, for subscribers that come after them. */
  private final ArrayDeque<Event> backlog = new ArrayDeque<>();
  private boolean initOpen = true;
  private volatile boolean paused;
  private volatile boolean closed;

  /**
   * One event, as JSON; {@code audience} says which subscribers get it: both APIs, the Telemetry API only
   * (init and restore phases, {@code platform.telemetrySubscription}), or the Logs API only
   * ({@code platform.end}, {@code platform.fault}, {@code platform.logsSubscription}).
   */
  record Event(String category, String json, int size, Audience audience) {
    Event(String category, String json, int size) {
      this(category, json, size, Audience.BOTH);
    }
  }

  enum Audience { BOTH, TELEMETRY, LOGS }

  /** Platform events the older Logs API (2020-08-15) never had. */
  private static final Set<String> TELEMETRY_ONLY = Set.of("platform.initStart", "platform.initRuntimeDone",
      "platform.initReport", "platform.restoreStart", "platform.restoreRuntimeDone", "platform.restoreReport",
      "platform.telemetrySubscription");

  Telemetry(String envId, Connector connector) {
    this.envId = envId;
    this.connector = connector;
  }

  // ---------------------------------------------------------------- subscriptions

  /**
   * {@code PUT /2022-07-01/telemetry} or {@code PUT /2020-08-15/logs}.
   *
   * @param logsApi true for the Logs API
   */
  synchronized Reply subscribe(Extension ext, boolean logsApi, byte[] body) {
    String prefix = logsApi ? "Logs." : "Telemetry.";
    if (ext == null) {
      return Reply.error(403, "Extension.UnknownExtensionIdentifier", "Unknown extension identifier");
    }
    if (!initOpen) {
      return Reply.error(403, prefix + "SubscriptionClosed",
          (logsApi ? "Logs" : "Telemetry") + " API subscription is closed");
    }
    Subscriber existing = subscribers.get(ext.id);
    if (existing != null && existing.logsApi != logsApi) {
      return Reply.error(400, prefix + "ValidationError", "this extension already subscribed with the "
          + (existing.logsApi ? "Logs" : "Telemetry") + " API; the other one cannot be used as well");
    }
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      return Reply.error(400, prefix + "ValidationError", "the body is not JSON: " + e.getMessage());
    }
    if (req == null || !req.isObject()) {
      return Reply.error(400, prefix + "ValidationError", "the body must be a JSON object");
    }
    String schema = req.path("schemaVersion").asText(logsApi ? "2020-08-15" : "");
    if (!logsApi && !SCHEMAS.contains(schema)) {
      return Reply.error(400, prefix + "ValidationError", "schemaVersion must be one of " + SCHEMAS + ", got '"
          + schema + "'");
    }
    Set<String> types = new LinkedHashSet<>();
    for (JsonNode t : req.path("types")) {
      if (!TYPES.contains(t.asText())) {
        return Reply.error(400, prefix + "ValidationError", "unknown type '" + t.asText()
            + "'; types are platform, function, extension");
      }
      types.add(t.asText());
    }
    if (types.isEmpty()) {
      return Reply.error(400, prefix + "ValidationError", "types should not be empty");
    }
    JsonNode buffering = req.path("buffering");
    int maxItems = buffering.path("maxItems").asInt(10_000);
    int maxBytes = buffering.path("maxBytes").asInt(262_144);
    int timeoutMs = buffering.path("timeoutMs").asInt(1_000);
    if (maxItems < 1_000 || maxItems > 10_000) {
      return Reply.error(400, prefix + "ValidationError", "buffering.maxItems must be 1000..10000, got " + maxItems);
    }
    if (maxBytes < 262_144 || maxBytes > 1_048_576) {
      return Reply.error(400, prefix + "ValidationError", "buffering.maxBytes must be 262144..1048576, got "
          + maxBytes);
    }
    if (timeoutMs < 25 || timeoutMs > 30_000) {
      return Reply.error(400, prefix + "ValidationError", "buffering.timeoutMs must be 25..30000, got " + timeoutMs);
    }
    JsonNode dest = req.path("destination");
    String protocol = dest.path("protocol").asText("HTTP");
    int port;
    String path = "/";
    if (dest.hasNonNull("URI")) {
      URI uri;
      try {
        uri = URI.create(dest.get("URI").asText());
      } catch (IllegalArgumentException e) {
        return Reply.error(400, prefix + "ValidationError", "destination.URI is not a URI: " + e.getMessage());
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) && protocol.equals("HTTP")) {
        return Reply.error(400, prefix + "ValidationError", "destination.URI must be http://sandbox.localdomain:PORT"
            + " (no https), got " + uri);
      }
      port = uri.getPort();
      if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
        path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      }
    } else {
      port = dest.path("port").asInt(-1);
    }
    if (port <= 0 || port > 65_535) {
      return Reply.error(400, prefix + "ValidationError", "URI port is not provided");
    }
    if (!protocol.equals("HTTP") && !protocol.equals("TCP")) {
      return Reply.error(400, prefix + "ValidationError", "destination.protocol must be HTTP or TCP, got " + protocol);
    }
    Subscriber s = new Subscriber(ext.name, ext.id, logsApi, types, maxItems, maxBytes, timeoutMs,
        protocol.equals("TCP"), port, path, logsApi ? "PUT".equalsIgnoreCase(dest.path("method").asText("POST"))
        : false);
    Subscriber previous = subscribers.put(ext.id, s);
    if (previous != null) {
      previous.stop();
    }
    for (Event e : backlog) {
      s.offer(e);
    }
    ObjectNode record = JSON.createObjectNode();
    record.put("name", ext.name);
    record.put("state", "Subscribed");
    ArrayNode t = record.putArray("types");
    types.forEach(t::add);
    emit(logsApi ? "platform.logsSubscription" : "platform.telemetrySubscription", record);
    s.start();
    return new Reply(200, "application/json", "\"OK\"".getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** Init is over: no more subscriptions, no more backlog. */
  synchronized void initEnded() {
    initOpen = false;
    backlog.clear();
  }

  /** A new init phase (a suppressed init in the invoke phase): its events are kept for late subscribers. */
  synchronized void initStarted() {
    initOpen = true;
    backlog.clear();
  }

  boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  // ---------------------------------------------------------------- events

  static String now() {
    return TIME.format(Instant.now());
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  static ObjectNode record() {
    return JSON.createObjectNode();
  }

  /** A platform event, e.g. {@code platform.start} with its record. */
  void emit(String type, JsonNode record) {
    ObjectNode e = JSON.createObjectNode();
    e.put("time", now());
    e.put("type", type);
    e.set("record", record);
    publish("platform", e, type.equals("platform.logsSubscription") ? Audience.LOGS
        : TELEMETRY_ONLY.contains(type) ? Audience.TELEMETRY : Audience.BOTH);
    if (type.equals("platform.runtimeDone")) {
      // the Logs API's own end of an invocation, and its fault line when the invocation failed
      ObjectNode end = JSON.createObjectNode();
      end.put("time", now());
      end.put("type", "platform.end");
      end.set("record", JSON.createObjectNode().put("requestId", record.path("requestId").asText()));
      publish("platform", end, Audience.LOGS);
      String status = record.path("status").asText("success");
      if (!status.equals("success")) {
        ObjectNode fault = JSON.createObjectNode();
        fault.put("time", now());
        fault.put("type", "platform.fault");
        fault.put("record", "RequestId: " + record.path("requestId").asText() + " " + status
            + (record.has("errorType") ? " " + record.path("errorType").asText() : ""));
        publish("platform", fault, Audience.LOGS);
      }
    }
  }

  /** A log line of the function or of an extension. */
  void log(String category, String line) {
    if (subscribers.isEmpty() && !initOpen) {
      return;
    }
    ObjectNode e = JSON.createObjectNode();
    e.put("time", now());
    e.put("type", category);
    e.put("record", line);
    publish(category, e, Audience.BOTH);
  }

  private void publish(String category, ObjectNode event, Audience audience) {
    String json;
    try {
      json = JSON.writeValueAsString(event);
    } catch (IOException e) {
      return;
    }
    Event ev = new Event(category, json, json.getBytes(StandardCharsets.UTF_8).length, audience);
    synchronized (this) {
      if (initOpen) {
        backlog.add(ev);
        while (backlog.size() > BACKLOG_LIMIT) {
          backlog.poll();
        }
      }
    }
    for (Subscriber s : subscribers.values()) {
      s.offer(ev);
    }
  }

  // ---------------------------------------------------------------- freeze, flush, close

  /** The environment is about to be frozen: let deliveries under way finish (briefly), start no more. */
  void pause() {
    paused = true;
    for (Subscriber s : subscribers.values()) {
      s.awaitIdle(200);
    }
  }

  void resume() {
    paused = false;
    for (Subscriber s : subscribers.values()) {
      s.wake();
    }
  }

  /** Delivers everything buffered now (before SHUTDOWN goes out), waiting at most {@code maxMillis}. */
  void flush(long maxMillis) {
    paused = false;
    long until = System.currentTimeMillis() + maxMillis;
    for (Subscriber s : subscribers.values()) {
      s.flushNow(Math.max(1, until - System.currentTimeMillis()));
    }
  }

  void close() {
    closed = true;
    subscribers.values().forEach(Subscriber::stop);
    subscribers.clear();
  }

  /** What one extension subscribed to, its buffer, and the thread that delivers it. */
  private final class Subscriber implements Runnable {
    final String name;
    final String extensionId;
    final boolean logsApi;
    final Set<String> types;
    final int maxItems;
    final int maxBytes;
    final int timeoutMs;
    final boolean tcp;
    final int port;
    final String path;
    final boolean put;
    private final List<Event> buffer = new ArrayList<>();
    private int bufferedBytes;
    private long firstAtMillis;
    private boolean delivering;
    private boolean flushRequested;
    private boolean stopped;
    private long droppedRecords;
    private long droppedBytes;
    private SocketChannel tcpChannel;
    private Thread thread;

    Subscriber(String name, String extensionId, boolean logsApi, Set<String> types, int maxItems, int maxBytes,
        int timeoutMs, boolean tcp, int port, String path, boolean put) {
      this.name = name;
      this.extensionId = extensionId;
      this.logsApi = logsApi;
      this.types = types;
      this.maxItems = maxItems;
      this.maxBytes = maxBytes;
      this.timeoutMs = timeoutMs;
      this.tcp = tcp;
      this.port = port;
      this.path = path;
      this.put = put;
    }

    void start() {
      thread = new Thread(this, envId + "-telemetry-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    synchronized void offer(Event e) {
      if (!types.contains(e.category()) || stopped
          || e.audience() == (logsApi ? Audience.TELEMETRY : Audience.LOGS)) {
        return;
      }
      // a consumer far behind loses the oldest records, counted and reported
      if (bufferedBytes + e.size() > 4L * maxBytes || buffer.size() >= 4 * maxItems) {
        Event dropped = buffer.remove(0);
        bufferedBytes -= dropped.size();
        droppedRecords++;
        droppedBytes += dropped.size();
      }
      if (buffer.isEmpty()) {
        firstAtMillis = System.currentTimeMillis();
      }
      buffer.add(e);
      bufferedBytes += e.size();
      notifyAll();
    }

    synchronized void wake() {
      notifyAll();
    }

    synchronized void awaitIdle(long maxMillis) {
      long until = System.currentTimeMillis() + maxMillis;
      while (delivering && System.currentTimeMillis() < until) {
        try {
          wait(Math.max(1, until - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    synchronized void flushNow(long maxMillis) {
      flushRequested = true;
      notifyAll();
      long until = System.currentTimeMillis() + maxMillis;
      while ((delivering || !buffer.isEmpty()) && !stopped && System.currentTimeMillis() < until) {
        try {
          wait(Math.max(1, until - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      flushRequested = false;
    }

    synchronized void stop() {
      stopped = true;
      notifyAll();
      if (tcpChannel != null) {
        try {
          tcpChannel.close();
        } catch (IOException e) {
          // closing
        }
      }
    }

    @Override
    public void run() {
      long backoff = 50;
      while (true) {
        List<Event> batch;
        synchronized (this) {
          while (!stopped && !due()) {
            try {
              if (buffer.isEmpty() || paused) {
                wait();
              } else {
                wait(Math.max(1, firstAtMillis + timeoutMs - System.currentTimeMillis()));
              }
            } catch (InterruptedException e) {
              return;
            }
          }
          if (stopped) {
            return;
          }
          batch = takeBatch();
          delivering = true;
        }
        boolean ok = deliver(batch);
        synchronized (this) {
          delivering = false;
          if (!ok) {
            // put the batch back in front and try again later, as Lambda retries its deliveries
            buffer.addAll(0, batch);
            for (Event e : batch) {
              bufferedBytes += e.size();
            }
            if (!buffer.isEmpty()) {
              firstAtMillis = System.currentTimeMillis() + backoff;
            }
            backoff = Math.min(backoff * 2, 2_000);
          } else {
            backoff = 50;
          }
          notifyAll();
        }
      }
    }

    private boolean due() {
      if (buffer.isEmpty() || paused || closed) {
        return false;
      }
      return flushRequested || buffer.size() >= maxItems || bufferedBytes >= maxBytes
          || System.currentTimeMillis() >= firstAtMillis + timeoutMs;
    }

    private List<Event> takeBatch() {
      List<Event> batch = new ArrayList<>();
      int bytes = 0;
      if (droppedRecords > 0) {
        ObjectNode record = JSON.createObjectNode();
        record.put("reason", "Consumer seems to have fallen behind as it has not acknowledged receipt of logs.");
        record.put("droppedRecords", droppedRecords);
        record.put("droppedBytes", droppedBytes);
        ObjectNode e = JSON.createObjectNode();
        e.put("time", now());
        e.put("type", "platform.logsDropped");
        e.set("record", record);
        String json = e.toString();
        batch.add(new Event("platform", json, json.length()));
        LOG.warn("{}: telemetry subscriber {} fell behind, {} records dropped", envId, name, droppedRecords);
        droppedRecords = 0;
        droppedBytes = 0;
      }
      while (!buffer.isEmpty() && batch.size() < maxItems && (bytes < maxBytes || batch.isEmpty())) {
        Event e = buffer.remove(0);
        bytes += e.size();
        bufferedBytes -= e.size();
        batch.add(e);
      }
      if (!buffer.isEmpty()) {
        firstAtMillis = System.currentTimeMillis();
      }
      return batch;
    }

    private boolean deliver(List<Event> batch) {
      try {
        if (tcp) {
          deliverTcp(batch);
        } else {
          deliverHttp(batch);
        }
        return true;
      } catch (IOException e) {
        LOG.debug("{}: telemetry delivery to {} (port {}) failed: {}", envId, name, port, e.toString());
        return false;
      }
    }

    private void deliverHttp(List<Event> batch) throws IOException {
      StringBuilder body = new StringBuilder(batch.size() * 200).append('[');
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0) {
          body.append(',');
        }
        body.append(batch.get(i).json());
      }
      byte[] payload = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
      String head = (put ? "PUT " : "POST ") + path + " HTTP/1.1\r\nHost: sandbox.localdomain:" + port
          + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length
          + "\r\nConnection: close\r\n\r\n";
      try (SocketChannel ch = connector.open(port)) {
        write(ch, head.getBytes(StandardCharsets.US_ASCII));
        write(ch, payload);
        int status = readStatus(ch);
        if (status / 100 != 2) {
          throw new IOException("the listener answered " + status);
        }
      }
    }

    private void deliverTcp(List<Event> batch) throws IOException {
      if (tcpChannel == null || !tcpChannel.isOpen()) {
        tcpChannel = connector.open(port);
      }
      StringBuilder lines = new StringBuilder();
      for (Event e : batch) {
        lines.append(e.json()).append('\n');
      }
      try {
        write(tcpChannel, lines.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        tcpChannel.close();
        tcpChannel = null;
        throw e;
      }
    }
  }

  private static void write(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Reads an HTTP status line (the rest of the answer is not needed). */
  private static int readStatus(SocketChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256);
    StringBuilder line = new StringBuilder();
    long until = System.currentTimeMillis() + 5_000;
    ch.configureBlocking(false);
    try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
      ch.register(sel, java.nio.channels.SelectionKey.OP_READ);
      while (System.currentTimeMillis() < until) {
        if (sel.select(Math.max(1, until - System.currentTimeMillis())) == 0) {
          continue;
        }
        sel.selectedKeys().clear();
        b.clear();
        int n = ch.read(b);
        if (n < 0) {
          break;
        }
        b.flip();
        while (b.hasRemaining()) {
          char c = (char) b.get();
          if (c == '\n') {
            String[] parts = line.toString().trim().split(" ");
            if (parts.length < 2) {
              throw new IOException("not an HTTP answer: " + line);
            }
            return Integer.parseInt(parts[1]);
          }
          line.append(c);
        }
      }
    }
    throw new IOException("no answer from the telemetry listener within 5 s");
  }

  /** Opens connections on the host loopback (plain environments). */
  static Connector loopback() {
    return port -> {
      SocketChannel ch = SocketChannel.open();
      ch.socket().connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return ch;
    };
  }

  /**
   * Opens connections into an isolated sandbox: asks the environment's init script (through its
   * command pipe) to forward the port to a Unix socket in the control directory, once per port.
   */
  static Connector intoSandbox(Path controlDir, Function<String, Boolean> command) {
    Set<Integer> forwarded = ConcurrentHashMap.newKeySet();
    return port -> {
      Path socket = controlDir.resolve("in-" + port + ".sock");
      if (forwarded.add(port) && !command.apply("forward " + port)) {
        forwarded.remove(port);
        throw new IOException("cannot reach the sandbox's port " + port);
      }
      long until = System.currentTimeMillis() + 2_000;
      while (!Files.exists(socket) && System.currentTimeMillis() < until) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      return ch;
    };
  }
}
