package dev.farol.examples.installments;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Entry point of {@code installment-payment-transfers}: API Gateway REST API (payload 1.0) events. */
public class PaymentTransfersHandler implements RequestStreamHandler {
  private static final SpringBootLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> HANDLER;

  static {
    try {
      HANDLER = SpringBootLambdaContainerHandler.getAwsProxyHandler(InstallmentsApplication.class);
    } catch (ContainerInitializationException e) {
      throw new IllegalStateException("the Spring Boot application did not start", e);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    HANDLER.proxyStream(input, output, context);
  }
}
