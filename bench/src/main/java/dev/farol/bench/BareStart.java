package dev.farol.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline of the cold-start benchmark: a bare {@code java -cp … BareStart Class::method} that
 * loads the handler, calls it once with an empty event and prints the result, with no Lambda around.
 */
public final class BareStart {
  private BareStart() {}

  public static void main(String[] args) throws Exception {
    String[] parts = args[0].split("::");
    Class<?> type = Class.forName(parts[0]);
    Object handler = type.getDeclaredConstructor().newInstance();
    Method m = null;
    for (Method candidate : type.getMethods()) {
      if (candidate.getName().equals(parts.length > 1 ? parts[1] : "handleRequest")
          && candidate.getParameterCount() == 2 && !candidate.isBridge()) {
        m = candidate;
      }
    }
    if (m == null) {
      throw new IllegalArgumentException("no handler method in " + args[0]);
    }
    Object result = m.invoke(handler, new HashMap<String, Object>(), new BareContext());
    System.out.println("RESULT " + result);
    System.out.flush();
  }

  private static final class BareContext implements Context {
    @Override
    public String getAwsRequestId() {
      return "bare";
    }

    @Override
    public String getLogGroupName() {
      return "bare";
    }

    @Override
    public String getLogStreamName() {
      return "bare";
    }

    @Override
    public String getFunctionName() {
      return "bare";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "bare";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 60_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.out.write(message, 0, message.length);
        }
      };
    }
  }

}
