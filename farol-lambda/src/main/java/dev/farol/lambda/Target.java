package dev.farol.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.farol.tracer.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The wrapped handler, in every shape the Java runtime accepts. A {@link RequestStreamHandler} (which is
 * what web adapters such as aws-serverless-java-container are) is called directly with the event's
 * bytes. Every other shape — {@code RequestHandler<I, O>}, a POJO method with or without
 * {@code Context}, a stream method by another name — is loaded by the Java runtime's own handler loader,
 * so its event and result are (de)serialized exactly as without the wrapper.
 */
abstract class Target {
  static final String RIC_LOADER = "com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader";

  abstract void invoke(byte[] event, OutputStream out, Context context) throws Throwable;

  /** What the handler is, for messages. */
  abstract String describe();

  /** A stream handler given in code. */
  static Target of(RequestStreamHandler handler) {
    if (handler == null) {
      throw new IllegalArgumentException("TracingHandler.wrap needs a handler, got null");
    }
    return stream(handler, handler.getClass().getName());
  }

  private static Target stream(RequestStreamHandler h, String name) {
    return new Target() {
      @Override
      void invoke(byte[] event, OutputStream out, Context context) throws IOException {
        h.handleRequest(new ByteArrayInputStream(event), out, context);
      }

      @Override
      String describe() {
        return name + " (RequestStreamHandler)";
      }
    };
  }

  /**
   * Loads {@code Class::method} (or {@code Class}, method {@code handleRequest}) with the function's class
   * loader; the constructor runs now, in the init phase, as the runtime would run it.
   */
  static Target load(String handler, ClassLoader loader) {
    String spec = handler.trim();
    String className = spec;
    String method = "handleRequest";
    int sep = spec.indexOf("::");
    if (sep > 0) {
      className = spec.substring(0, sep);
      method = spec.substring(sep + 2);
    }
    Class<?> cls;
    try {
      cls = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new IllegalStateException("the wrapped handler '" + spec + "' cannot be loaded: class " + className
          + " is not in the function's code (looked in the task root, its lib/ jars and the layers' java/lib "
          + "through " + loader + "): " + e.getMessage(), e);
    } catch (ExceptionInInitializerError e) {
      throw new IllegalStateException("the wrapped handler " + className + " failed in its static initializer: "
          + e.getCause(), e.getCause() != null ? e.getCause() : e);
    }
    if (cls.getName().equals(TracingHandler.class.getName())) {
      throw new IllegalStateException("FAROL_LAMBDA_HANDLER names Farol's wrapper itself; set it to the function's "
          + "own handler (what the function's handler was before it pointed at the wrapper)");
    }
    if (RequestStreamHandler.class.isAssignableFrom(cls) && method.equals("handleRequest")) {
      try {
        return stream((RequestStreamHandler) cls.getDeclaredConstructor().newInstance(), className);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("the wrapped handler " + className + " failed in its constructor: "
            + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the wrapped handler " + className + " needs a public no-argument "
            + "constructor, as the Lambda runtime does: " + e, e);
      }
    }
    return runtimeLoaded(cls, method);
  }

  /** Through the Java runtime's handler loader ({@code EventHandlerLoader}), found by reflection. */
  private static Target runtimeLoaded(Class<?> cls, String method) {
    try {
      ClassLoader ric = TracingHandler.class.getClassLoader();
      Class<?> loaderClass = Class.forName(RIC_LOADER, true, ric);
      Class<?> infoClass = Class.forName("com.amazonaws.services.lambda.runtime.api.client.HandlerInfo", true, ric);
      Object info = infoClass.getConstructor(Class.class, String.class).newInstance(cls, method);
      Object requestHandler = loaderClass.getMethod("loadEventHandler", infoClass).invoke(null, info);
      Class<?> requestClass = Class.forName(
          "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest", true, ric);
      Method call = Class.forName("com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler", true, ric)
          .getMethod("call", requestClass);
      String name = cls.getName() + "::" + method;
      return new Target() {
        @Override
        void invoke(byte[] event, OutputStream out, Context context) throws Throwable {
          Object request = requestClass.getConstructor().newInstance();
          requestClass.getMethod("setId", String.class).invoke(request, context.getAwsRequestId());
          requestClass.getMethod("setInvokedFunctionArn", String.class).invoke(request,
              context.getInvokedFunctionArn());
          requestClass.getMethod("setDeadlineTimeInMs", long.class).invoke(request,
              System.currentTimeMillis() + context.getRemainingTimeInMillis());
          requestClass.getMethod("setXrayTraceId", String.class).invoke(request,
              System.getProperty("com.amazonaws.xray.traceHeader"));
          requestClass.getMethod("setClientContext", String.class).invoke(request, clientContext(context));
          requestClass.getMethod("setCognitoIdentity", String.class).invoke(request, cognito(context));
          requestClass.getMethod("setContent", byte[].class).invoke(request, (Object) event);
          try {
            ByteArrayOutputStream result = (ByteArrayOutputStream) call.invoke(requestHandler, request);
            if (result != null) {
              result.writeTo(out);
            }
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }

        @Override
        String describe() {
          return name + " (loaded by the Lambda runtime's handler loader)";
        }
      };
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the wrapped handler " + cls.getName() + "::" + method + " is not a "
          + "RequestStreamHandler; wrapping it needs the Lambda Java runtime's handler loader (" + RIC_LOADER
          + "), which is not here: " + e.getMessage(), e);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      throw new IllegalStateException("the Lambda runtime could not load the wrapped handler " + cls.getName() + "::"
          + method + ": " + c, c);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Lambda Java runtime's handler loader is not one Farol knows (" + e
          + "); wrap a RequestStreamHandler instead", e);
    }
  }

  /** The client context as the runtime received it (JSON), rebuilt from the Context it gave us. */
  static String clientContext(Context context) {
    ClientContext c = context.getClientContext();
    if (c == null) {
      return null;
    }
    StringBuilder b = new StringBuilder("{");
    if (c.getClient() != null) {
      b.append("\"client\":{\"installation_id\":").append(q(c.getClient().getInstallationId()))
          .append(",\"app_title\":").append(q(c.getClient().getAppTitle()))
          .append(",\"app_version_name\":").append(q(c.getClient().getAppVersionName()))
          .append(",\"app_version_code\":").append(q(c.getClient().getAppVersionCode()))
          .append(",\"app_package_name\":").append(q(c.getClient().getAppPackageName())).append("},");
    }
    b.append("\"custom\":").append(map(c.getCustom())).append(",\"env\":").append(map(c.getEnvironment()));
    return b.append('}').toString();
  }

  private static String cognito(Context context) {
    CognitoIdentity c = context.getIdentity();
    if (c == null || c.getIdentityId() == null || c.getIdentityId().isEmpty()) {
      return null;
    }
    return "{\"cognitoIdentityId\":" + q(c.getIdentityId()) + ",\"cognitoIdentityPoolId\":"
        + q(c.getIdentityPoolId()) + "}";
  }

  private static String map(Map<String, String> m) {
    if (m == null) {
      return "{}";
    }
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(q(e.getKey())).append(':').append(q(e.getValue()));
    }
    return b.append('}').toString();
  }

  private static String q(String s) {
    return s == null ? "null" : Json.quote(s);
  }
}
