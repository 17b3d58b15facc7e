package dev.farol.examples.cleanmath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FibonacciHandlerTest {
  private final FibonacciHandler handler = new FibonacciHandler();

  @Test
  void defaultIsFibonacciOf15() {
    assertThat(handler.handleRequest(Map.of(), new TestContext())).isEqualTo(610L);
  }

  @Test
  void takesNFromTheEvent() {
    assertThat(handler.handleRequest(Map.of("n", 20), new TestContext())).isEqualTo(6765L);
    assertThat(handler.handleRequest(Map.of("n", "1"), new TestContext())).isEqualTo(1L);
    assertThat(handler.handleRequest(Map.of("n", 92), new TestContext())).isEqualTo(7540113804746346429L);
  }

  @Test
  void refusesWhatDoesNotFitALong() {
    assertThatThrownBy(() -> handler.handleRequest(Map.of("n", 93), new TestContext()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 92");
  }

  static final class TestContext implements Context {
    public String getAwsRequestId() {
      return "test-request";
    }

    public String getLogGroupName() {
      return "/aws/lambda/clean-math";
    }

    public String getLogStreamName() {
      return "test";
    }

    public String getFunctionName() {
      return "clean-math";
    }

    public String getFunctionVersion() {
      return "$LATEST";
    }

    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:123456789012:function:clean-math";
    }

    public CognitoIdentity getIdentity() {
      return null;
    }

    public ClientContext getClientContext() {
      return null;
    }

    public int getRemainingTimeInMillis() {
      return 10_000;
    }

    public int getMemoryLimitInMB() {
      return 512;
    }

    public LambdaLogger getLogger() {
      return null;
    }
  }
}
