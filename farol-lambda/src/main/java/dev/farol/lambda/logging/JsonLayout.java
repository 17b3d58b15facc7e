package dev.farol.lambda.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import dev.farol.tracer.Json;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per log line, for Logback: time, level, logger, thread, message, the exception, and the
 * thread context (MDC), which under Farol's wrapper holds {@code trace_id}, {@code span_id} and
 * {@code request_id} — so a log line can be found from its trace and the other way round.
 *
 * <pre>{@code
 * <appender name="JSON" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="ch.qos.logback.core.encoder.LayoutWrappingEncoder">
 *     <layout class="dev.farol.lambda.logging.JsonLayout"/>
 *   </encoder>
 * </appender>
 * }</pre>
 */
public class JsonLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"timestamp\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"')
        .append(",\"level\":\"").append(event.getLevel()).append('"')
        .append(",\"logger\":").append(Json.quote(event.getLoggerName()))
        .append(",\"thread\":").append(Json.quote(event.getThreadName()))
        .append(",\"message\":").append(Json.quote(event.getFormattedMessage()));
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      for (Map.Entry<String, String> e : mdc.entrySet()) {
        if (e.getKey() != null && e.getValue() != null) {
          b.append(',').append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
        }
      }
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      b.append(",\"exception.type\":").append(Json.quote(t.getClassName()));
      if (t.getMessage() != null) {
        b.append(",\"exception.message\":").append(Json.quote(t.getMessage()));
      }
      b.append(",\"exception.stacktrace\":").append(Json.quote(ThrowableProxyUtil.asString(t)));
    }
    return b.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
  }
}
