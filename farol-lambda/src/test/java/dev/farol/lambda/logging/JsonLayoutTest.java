package dev.farol.lambda.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.farol.tracer.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One JSON object per line, with the MDC's trace fields, that parses back to what was logged. */
class JsonLayoutTest {
  @Test
  void aLogLine_isOneJsonObject_withTheTraceFromTheMdc() {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
    Logger logger = ctx.getLogger("orders");
    org.slf4j.MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
    org.slf4j.MDC.put("span_id", "00f067aa0ba902b7");
    try {
      LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "order {} \"late\"\nby {} s",
          new IllegalStateException("clock skew"), new Object[] {7, 3});
      JsonLayout layout = new JsonLayout();
      layout.setContext(ctx);
      layout.start();
      String line = layout.doLayout(e);

      assertThat(line).endsWith("\n").doesNotContain("\n{").hasLineCount(1);
      Map<String, Object> json = Json.object(Json.parse(line.trim()));
      assertThat(json.get("level")).isEqualTo("WARN");
      assertThat(json.get("logger")).isEqualTo("orders");
      assertThat(json.get("message")).isEqualTo("order 7 \"late\"\nby 3 s");
      assertThat(json.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(json.get("span_id")).isEqualTo("00f067aa0ba902b7");
      assertThat(json.get("exception.type")).isEqualTo("java.lang.IllegalStateException");
      assertThat((String) json.get("exception.stacktrace")).contains("clock skew", "JsonLayoutTest");
    } finally {
      org.slf4j.MDC.clear();
    }
  }
}
