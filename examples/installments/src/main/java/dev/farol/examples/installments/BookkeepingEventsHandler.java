package dev.farol.examples.installments;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Entry point of {@code installment-bookkeeping-events}: API Gateway HTTP API (payload 2.0) events. */
public class BookkeepingEventsHandler implements RequestStreamHandler {
  private static final SpringBootLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> HANDLER;

  static {
    try {
      HANDLER = SpringBootLambdaContainerHandler.getHttpApiV2ProxyHandler(InstallmentsApplication.class);
    } catch (ContainerInitializationException e) {
      throw new IllegalStateException("the Spring Boot application did not start", e);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    HANDLER.proxyStream(input, output, context);
  }
}
