package dev.farol.runtime.env;

import dev.farol.runtime.config.FunctionConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a Lambda runtime process starts with (lambda-apis.md §2.10): the variables AWS
 * sets, then the function's own, which may not override the reserved ones.
 */
final class EnvironmentVariables {
  /** Keys Lambda reserves: a function's own variables cannot set these. */
  static final Set<String> RESERVED = Set.of(
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

  private final Platform platform;
  private final FunctionConfig fn;
  private final FunctionCode code;
  private final String logStream;
  private final String runtimeApi;

  EnvironmentVariables(Platform platform, FunctionConfig fn, FunctionCode code, String logStream, String runtimeApi) {
    this.platform = platform;
    this.fn = fn;
    this.code = code;
    this.logStream = logStream;
    this.runtimeApi = runtimeApi;
  }

  Map<String, String> runtime() {
    boolean iso = platform.isolated();
    String task = iso ? Sandbox.TASK : code.taskRoot().toString();
    String opt = iso ? Sandbox.OPT : code.opt().toString();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", (iso ? Sandbox.LANG + "/bin:" : platform.javaHome().resolve("bin") + ":")
        + "/usr/local/bin:/usr/bin:/bin:" + opt + "/bin");
    env.put("LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + task + ":" + task + "/lib:" + opt + "/lib");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("HOME", iso ? "/tmp" : System.getProperty("java.io.tmpdir"));
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("_HANDLER", fn.handler());
    env.put("LAMBDA_TASK_ROOT", task);
    env.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
    if (fn.isJava()) {
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime());
    }
    env.put("AWS_REGION", platform.region());
    env.put("AWS_DEFAULT_REGION", platform.region());
    env.put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memorySizeMb()));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + fn.name());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
    env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
    env.put("_AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1");
    env.put("_AWS_XRAY_DAEMON_PORT", "2000");
    // credentials: the developer's own, when they have them, as the execution role's would be
    for (String k : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    for (Map.Entry<String, String> e : fn.environment().entrySet()) {
      if (!RESERVED.contains(e.getKey())) {
        env.put(e.getKey(), e.getValue());
      }
    }
    return env;
  }
}
