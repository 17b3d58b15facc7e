package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What ingest received and what became of it, served at {@code GET /api/v1/ingest/stats}.
 *
 * <p>Key relationships, per signal: items received in readable requests = {@code accepted} +
 * {@code rejected} (rejected items were reported back as OTLP partial success) + the items of
 * requests the store refused ({@code requests.storeUnavailable}). {@code accepted} counts what was
 * acknowledged, so a retried duplicate counts again although it is stored once. Per request:
 * every ingest request that passed authentication ends as exactly one of {@code accepted},
 * {@code throttled} (429), {@code storeUnavailable} (503), {@code malformed} (400 or 415) and
 * {@code tooLarge} (413). {@code diagnostics} counts the extension's diagnostics records among the log records:
 * {@code diagnostics.accepted} of {@code logRecords.accepted} were stored as diagnostics rather than as log lines,
 * and {@code diagnostics.rejected} of {@code logRecords.rejected} were diagnostics records that could not be read.
 */
final class IngestStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Counters of one signal's items. */
  static final class Items {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    private ObjectNode json() {
      ObjectNode o = JSON.createObjectNode();
      o.put("accepted", accepted.get());
      o.put("rejected", rejected.get());
      return o;
    }
  }

  final Items spans = new Items();
  final Items logRecords = new Items();
  final Items dataPoints = new Items();
  final Items diagnostics = new Items();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong storeUnavailable = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong tooLarge = new AtomicLong();

  Items of(OtlpDecoder.Signal signal) {
    return switch (signal) {
      case TRACES -> spans;
      case LOGS -> logRecords;
      case METRICS -> dataPoints;
    };
  }

  ObjectNode json(IngestAdmission admission) {
    ObjectNode o = JSON.createObjectNode();
    o.set("spans", spans.json());
    o.set("logRecords", logRecords.json());
    o.set("dataPoints", dataPoints.json());
    o.set("diagnostics", diagnostics.json());
    ObjectNode r = o.putObject("requests");
    r.put("accepted", accepted.get());
    r.put("throttled", throttled.get());
    r.put("storeUnavailable", storeUnavailable.get());
    r.put("malformed", malformed.get());
    r.put("tooLarge", tooLarge.get());
    ObjectNode f = o.putObject("inFlight");
    f.put("requests", admission.requestsInFlight());
    f.put("bytes", admission.bytesInFlight());
    f.put("maxRequests", admission.maxRequests());
    f.put("maxBytes", admission.maxBytes());
    return o;
  }
}
