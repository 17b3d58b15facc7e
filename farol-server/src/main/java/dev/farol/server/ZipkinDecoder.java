package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.SpanRow;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import zipkin2.Annotation;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/** Zipkin v2 spans (JSON or proto3, decoded by Zipkin's codec) as rows of the same store. */
final class ZipkinDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ZipkinDecoder() {}

  static List<SpanRow> decode(byte[] body, boolean proto) throws OtlpDecoder.MalformedException {
    List<Span> spans;
    try {
      spans = (proto ? SpanBytesDecoder.PROTO3 : SpanBytesDecoder.JSON_V2).decodeList(body);
    } catch (IllegalArgumentException e) {
      throw new OtlpDecoder.MalformedException("not valid Zipkin v2 " + (proto ? "proto3" : "JSON") + ": "
          + e.getMessage());
    }
    if (spans.isEmpty() && body.length > 2 && !proto) {
      throw new OtlpDecoder.MalformedException("not valid Zipkin v2 JSON: expected a list of spans");
    }
    List<SpanRow> out = new ArrayList<>();
    for (Span s : spans) {
      ObjectNode attrs = JSON.createObjectNode();
      for (Map.Entry<String, String> t : s.tags().entrySet()) {
        attrs.put(t.getKey(), t.getValue());
      }
      ArrayNode events = JSON.createArrayNode();
      for (Annotation a : s.annotations()) {
        ObjectNode e = events.addObject();
        e.put("name", a.value());
        e.put("timeUnixNano", Long.toString(a.timestamp() * 1000L));
        e.set("attributes", JSON.createObjectNode());
      }
      String traceHex = s.traceId().length() == 16 ? "0000000000000000" + s.traceId() : s.traceId();
      long start = s.timestampAsLong() * 1000L;
      long end = start + s.durationAsLong() * 1000L;
      boolean error = s.tags().containsKey("error");
      String kind = s.kind() == null ? "INTERNAL" : s.kind().name();
      out.add(new SpanRow(HexFormat.of().parseHex(traceHex), HexFormat.of().parseHex(s.id()),
          s.parentId() == null ? null : HexFormat.of().parseHex(s.parentId()), s.name() == null ? "" : s.name(),
          s.localServiceName() == null ? "unknown_service" : s.localServiceName(), kind, start, end, error ? 2 : 0,
          error ? s.tags().get("error") : "", attrs.toString(), events.toString(), "[]", s.tags().get("faas.name"),
          s.tags().get("faas.invocation_id")));
    }
    return out;
  }
}
