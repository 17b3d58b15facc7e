package dev.farol.lambda.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added by Spring Boot's auto-configuration wherever the tracer layer is on the class path (web adapters
 * such as aws-serverless-java-container boot the application with it): the request span filter, the
 * exception recorder, and tracing for {@code RestClient}s built from Spring's builder. Off with
 * {@code FAROL_TRACE_ENABLED=false} (the beans then pass everything through).
 */
@AutoConfiguration
@ConditionalOnClass(name = {"jakarta.servlet.Filter", "org.springframework.web.servlet.HandlerExceptionResolver"})
public class FarolSpringAutoConfiguration {

  @Bean
  public RequestSpanFilter farolRequestSpanFilter() {
    return new RequestSpanFilter();
  }

  @Bean
  public ExceptionRecorder farolExceptionRecorder() {
    return new ExceptionRecorder();
  }

  /** Only where Spring's RestClient is. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
  static class RestClientTracing {
    @Bean
    public RestClientCustomizer farolRestClientTracing() {
      return builder -> builder.requestInterceptor(new TracingRestClientInterceptor());
    }
  }
}
