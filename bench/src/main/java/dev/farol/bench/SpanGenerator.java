package dev.farol.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Realistic spans, the same ones in both encodings: traces of {@value #SPANS_PER_TRACE} spans (a server
 * span and nine children: HTTP and database clients, internal work), about ten attributes each, from
 * {@value #SERVICES} services. Batch {@code b} holds traces {@code b * tracesPerBatch ...}; trace
 * {@code t}'s ids and values depend only on the seed and {@code t}, so any batch can be rebuilt and any
 * trace id recomputed. Start times advance 100 µs per trace from {@code baseNanos}.
 */
final class SpanGenerator {
  static final int SPANS_PER_TRACE = 10;
  static final int SERVICES = 20;
  private static final String[] ROUTES = {"/orders/{id}", "/orders", "/payments", "/installments/{id}",
      "/customers/{id}", "/carts/{id}/items", "/search", "/health", "/invoices/{id}", "/refunds"};
  private static final String[] TABLES = {"orders", "payments", "customers", "ledger", "invoices"};

  private final long seed;
  private final long baseNanos;

  SpanGenerator(long seed, long baseNanos) {
    this.seed = seed;
    this.baseNanos = baseNanos;
  }

  /** The 16-byte trace id of trace {@code t}. */
  byte[] traceId(long t) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + t);
    byte[] id = new byte[16];
    long hi = r.nextLong();
    long lo = r.nextLong() | 1;
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (hi >>> (56 - 8 * i));
      id[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return id;
  }

  static String service(long t) {
    return "svc-" + (t % SERVICES);
  }

  /** One span, encoding-neutral. */
  record GenSpan(byte[] traceId, byte[] spanId, byte[] parentId, String name, String service, int kind,
      long startNanos, long endNanos, boolean error, Map<String, Object> attributes) {}

  List<GenSpan> trace(long t) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + t);
    byte[] traceId = traceId(t);
    r.nextLong(); // the trace id's two longs
    r.nextLong();
    String service = service(t);
    String route = ROUTES[(int) (t % ROUTES.length)];
    long start = baseNanos + t * 100_000L;
    long duration = 2_000_000L + r.nextLong(500_000_000L); // 2 ms .. 502 ms
    List<GenSpan> out = new ArrayList<>(SPANS_PER_TRACE);
    byte[] rootId = spanId(r);
    boolean error = r.nextInt(50) == 0;
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("http.request.method", t % 3 == 0 ? "POST" : "GET");
    a.put("http.route", route);
    a.put("http.response.status_code", error ? 500L : 200L);
    a.put("url.full", "https://api.example.com" + route.replace("{id}", Long.toString(t % 100_000)));
    a.put("server.address", "api.example.com");
    a.put("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) farol-bench/1.0");
    a.put("faas.name", service);
    a.put("faas.invocation_id", Long.toHexString(r.nextLong()));
    a.put("cloud.region", "eu-west-1");
    a.put("faas.coldstart", t % 40 == 0);
    out.add(new GenSpan(traceId, rootId, null, (t % 3 == 0 ? "POST " : "GET ") + route, service, 2, start,
        start + duration, error, a));
    long step = duration / SPANS_PER_TRACE;
    for (int i = 1; i < SPANS_PER_TRACE; i++) {
      long s = start + i * step;
      long d = 1 + r.nextLong(Math.max(2, step));
      Map<String, Object> c = new LinkedHashMap<>();
      String name;
      int kind;
      if (i % 3 == 1) {
        String table = TABLES[r.nextInt(TABLES.length)];
        name = "SELECT " + table;
        kind = 3;
        c.put("db.system", "postgresql");
        c.put("db.name", "shop");
        c.put("db.statement", "SELECT * FROM " + table + " WHERE id = $1 AND tenant_id = $2 LIMIT 50");
        c.put("db.operation", "SELECT");
        c.put("db.sql.table", table);
        c.put("server.address", "db-" + (t % 4) + ".internal");
        c.put("server.port", 5432L);
        c.put("net.transport", "ip_tcp");
        c.put("db.rows_returned", (long) r.nextInt(50));
        c.put("thread.name", "worker-" + r.nextInt(16));
      } else if (i % 3 == 2) {
        name = "GET /ledger/entries";
        kind = 3;
        c.put("http.request.method", "GET");
        c.put("url.full", "http://ledger.internal:8080/ledger/entries?account=" + r.nextInt(1_000_000));
        c.put("server.address", "ledger.internal");
        c.put("server.port", 8080L);
        c.put("http.response.status_code", 200L);
        c.put("network.protocol.version", "1.1");
        c.put("peer.service", "ledger");
        c.put("http.request.body.size", (long) r.nextInt(4096));
        c.put("http.response.body.size", (long) r.nextInt(65536));
        c.put("thread.name", "worker-" + r.nextInt(16));
      } else {
        name = "compute installments";
        kind = 1;
        c.put("code.function", "computeInstallments");
        c.put("code.namespace", "dev.example.installments.Plan");
        c.put("code.lineno", (long) (100 + r.nextInt(400)));
        c.put("plan.months", (long) (1 + r.nextInt(24)));
        c.put("plan.currency", "EUR");
        c.put("plan.amount", r.nextDouble() * 10_000);
        c.put("customer.tier", r.nextInt(3) == 0 ? "gold" : "standard");
        c.put("feature.flag.new_rates", r.nextBoolean());
        c.put("thread.name", "worker-" + r.nextInt(16));
        c.put("tenant.id", "tenant-" + (t % 50));
      }
      out.add(new GenSpan(traceId, spanId(r), rootId, name, service, kind, s, s + d, false, c));
    }
    return out;
  }

  private static byte[] spanId(SplittableRandom r) {
    long v = r.nextLong() | 1;
    byte[] id = new byte[8];
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (v >>> (56 - 8 * i));
    }
    return id;
  }

  List<GenSpan> batch(long firstTrace, int traces) {
    List<GenSpan> out = new ArrayList<>(traces * SPANS_PER_TRACE);
    for (long t = firstTrace; t < firstTrace + traces; t++) {
      out.addAll(trace(t));
    }
    return out;
  }

  /** OTLP protobuf {@code ExportTraceServiceRequest}: one resource per service, as an SDK would send. */
  static byte[] otlp(List<GenSpan> spans) {
    Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
    for (GenSpan g : spans) {
      var b = io.opentelemetry.proto.trace.v1.Span.newBuilder().setTraceId(ByteString.copyFrom(g.traceId()))
          .setSpanId(ByteString.copyFrom(g.spanId())).setName(g.name()).setKindValue(g.kind())
          .setStartTimeUnixNano(g.startNanos()).setEndTimeUnixNano(g.endNanos());
      if (g.parentId() != null) {
        b.setParentSpanId(ByteString.copyFrom(g.parentId()));
      }
      if (g.error()) {
        b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      }
      for (Map.Entry<String, Object> e : g.attributes().entrySet()) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (e.getValue() instanceof Long l) {
          v.setIntValue(l);
        } else if (e.getValue() instanceof Double d) {
          v.setDoubleValue(d);
        } else if (e.getValue() instanceof Boolean x) {
          v.setBoolValue(x);
        } else {
          v.setStringValue((String) e.getValue());
        }
        b.addAttributes(KeyValue.newBuilder().setKey(e.getKey()).setValue(v));
      }
      byService.computeIfAbsent(g.service(), s -> ScopeSpans.newBuilder()).addSpans(b);
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (Map.Entry<String, ScopeSpans.Builder> e : byService.entrySet()) {
      req.addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder()
          .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder()
              .setStringValue(e.getKey())))
          .addAttributes(KeyValue.newBuilder().setKey("cloud.provider").setValue(AnyValue.newBuilder()
              .setStringValue("aws"))))
          .addScopeSpans(e.getValue()));
    }
    return req.build().toByteArray();
  }

  /** Zipkin v2 JSON, as Zipkin's reporter sends it (microsecond times, tags as strings). */
  static byte[] zipkinJson(List<GenSpan> spans) {
    List<zipkin2.Span> out = new ArrayList<>(spans.size());
    java.util.HexFormat hex = java.util.HexFormat.of();
    for (GenSpan g : spans) {
      zipkin2.Span.Builder b = zipkin2.Span.newBuilder().traceId(hex.formatHex(g.traceId()))
          .id(hex.formatHex(g.spanId())).name(g.name())
          .kind(g.kind() == 2 ? zipkin2.Span.Kind.SERVER : g.kind() == 3 ? zipkin2.Span.Kind.CLIENT : null)
          .localEndpoint(Endpoint.newBuilder().serviceName(g.service()).build())
          .timestamp(g.startNanos() / 1000).duration(Math.max(1, (g.endNanos() - g.startNanos()) / 1000));
      if (g.parentId() != null) {
        b.parentId(hex.formatHex(g.parentId()));
      }
      if (g.error()) {
        b.putTag("error", "500");
      }
      g.attributes().forEach((k, v) -> b.putTag(k, String.valueOf(v)));
      out.add(b.build());
    }
    return SpanBytesEncoder.JSON_V2.encodeList(out);
  }
}
