package dev.farol.examples.installments;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The error bodies, in one place: validation (400), the domain errors (404, 422), Spring MVC's own
 * (unknown path 404, wrong method 405, ...) with the status it gives them, and everything
 * unexpected (500, logged once with its stack trace). Every body carries the correlation id.
 */
@RestControllerAdvice
public class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(MethodArgumentNotValidException.class)
  public ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e) {
    Map<String, String> fields = new LinkedHashMap<>();
    e.getBindingResult().getFieldErrors().forEach(f -> fields.put(f.getField(), f.getDefaultMessage()));
    return body(HttpStatus.BAD_REQUEST, "validation failed", Map.of("fields", fields));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return body(HttpStatus.BAD_REQUEST, "the request body is not valid JSON for this endpoint", Map.of());
  }

  @ExceptionHandler(InstallmentNotFoundException.class)
  public ResponseEntity<Map<String, Object>> notFound(InstallmentNotFoundException e) {
    return body(HttpStatus.NOT_FOUND, e.getMessage(), Map.of("installmentId", e.id()));
  }

  @ExceptionHandler(PaymentRejectedException.class)
  public ResponseEntity<Map<String, Object>> rejected(PaymentRejectedException e) {
    return body(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage(), Map.of("installmentId", e.installmentId()));
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<Map<String, Object>> unexpected(Exception e) {
    if (e instanceof ErrorResponse known) { // NoResourceFoundException, HttpRequestMethodNotSupportedException, ...
      HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
      String detail = known.getBody().getDetail();
      return body(status, detail == null ? status.getReasonPhrase() : detail, Map.of());
    }
    LOG.error("unexpected error", e);
    return body(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", Map.of());
  }

  private static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message,
      Map<String, Object> extra) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("status", status.value());
    b.put("error", message);
    b.put("correlationId", MDC.get(CorrelationIdFilter.MDC_KEY));
    b.putAll(extra);
    return ResponseEntity.status(status).body(b);
  }
}
