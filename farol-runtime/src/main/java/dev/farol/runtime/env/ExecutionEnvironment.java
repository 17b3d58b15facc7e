package dev.farol.runtime.env;

import static dev.farol.runtime.http.HttpExchange.jsonString;
import static dev.farol.runtime.http.HttpExchange.lambdaError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.http.HttpExchange;
import dev.farol.runtime.invoke.InvokeResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment: a runtime process, its external extensions, and the state machine
 * of the Runtime and Extensions APIs that they drive (lambda-apis.md §2.8, §3.5).
 *
 * <p>Life: {@link #start} launches the processes (init phase, bounded by the init timeout); the
 * environment is initialised when the runtime and every extension wait in {@code /next}. Each
 * invocation is handed over by {@link #assign}; the invoke phase ends when the runtime and every
 * INVOKE-subscribed extension are back in {@code /next}, then the environment is frozen (SIGSTOP)
 * until the next invocation thaws it (SIGCONT). A timeout, a crash or running out of memory ends
 * the environment; idle environments are shut down by their pool.
 *
 * <p>All state is guarded by this object's monitor; the invocation log has its own lock so that
 * output capture never waits for the state machine.
 */
final class ExecutionEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironment.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** RIE's limit for a buffered response: 6 MB plus 100 bytes of slack. */
  static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;
  static final int MAX_STREAMED_RESPONSE_BYTES = 20 * 1024 * 1024;
  static final int TAIL_BYTES = 4096;
  private static final Pattern ERROR_TYPE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");
  private static final String ERROR_CAUSE_TYPE = "application/vnd.aws.lambda.error.cause+json";
  private static final Set<String> KNOWN_EVENTS = Set.of("INVOKE", "SHUTDOWN");

  enum State { INITIALIZING, IDLE, BUSY, SHUTTING_DOWN, DEAD }

  /** Runtime states with RIE's names, used in InvalidStateTransition messages. */
  enum RuntimeState {
    STARTED("Started"), READY("Ready"), RUNNING("Running"), RESPONDED("RuntimeResponseSent"),
    INIT_ERROR("InitError");
    final String label;

    RuntimeState(String label) {
      this.label = label;
    }
  }

  final String id;
  final FunctionConfig fn;
  final FunctionCode code;
  private final Platform platform;
  private final FunctionPool pool;
  private final Path controlDir;
  private final String logStream;
  /** Set by the Runtime API server when this environment's connector opens. */
  volatile Connector connector;

  // state machine, guarded by this
  private State state = State.INITIALIZING;
  private RuntimeState runtime = RuntimeState.STARTED;
  private boolean runtimeWaiting;
  private Process process;
  private int initAttempt;
  private long initStartNanos;
  private double initDurationMs = -1;
  private boolean initReported;
  private ScheduledFuture<?> timer;
  private byte[] initErrorBody;
  private String initErrorType;
  private Invocation pending;
  private Invocation current;
  private boolean delivered;
  private boolean runtimeDone;
  private long runtimeDoneNanos;
  private final Map<String, Extension> extensions = new LinkedHashMap<>();
  private final Set<String> liveExternal = new HashSet<>();
  private boolean registrationClosed;
  private List<Long> frozen = List.of();
  /** The environment's process group (see {@link #processGroup}), once known. */
  private long group = -1;
  /** Plain environments run in a session of their own (setsid), whose group id is the process's pid. */
  private volatile boolean plainSession;
  private List<Long> memoryPids;
  private long memoryPidsNanos;
  private long maxMemoryKb;
  private long idleSinceNanos;
  private String shutdownReason;
  private LogLines runtimeOutput;
  /** The Telemetry and Logs APIs of the current launch. */
  private volatile Telemetry telemetry;
  /** Whether a pid is the function's (runtime, extensions) rather than Farol's helpers; pids are stable. */
  private final java.util.Map<Long, Boolean> ownPids = new java.util.HashMap<>();
  /** The process tree measured at the end of the last invocation, reused by the freeze that follows. */
  private List<Long> lastTree;

  // invocation log, guarded by logLock
  private final Object logLock = new Object();
  private final StringBuilder invocationLog = new StringBuilder();
  private boolean capturing;

  ExecutionEnvironment(Platform platform, FunctionPool pool, FunctionCode code, int number) {
    this.platform = platform;
    this.pool = pool;
    this.fn = pool.fn;
    this.code = code;
    this.id = fn.name() + "#" + number;
    this.controlDir = platform.socketsDir().resolve(fn.name().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + number);
    String hex = UUID.randomUUID().toString().replace("-", "");
    this.logStream = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/')
        + "/[$LATEST]" + hex;
  }

  // ---------------------------------------------------------------- lifecycle, driven by the pool

  /** Starts the init phase for {@code first}, the invocation that caused this cold start. */
  synchronized void start(Invocation first) {
    pending = first;
    launch();
  }

  /** Hands an invocation to this (idle) environment. */
  synchronized void assign(Invocation inv) {
    if (state == State.IDLE) {
      deliver(inv);
    } else if (state == State.INITIALIZING) {
      pending = inv;
    } else {
      fail(inv, "Runtime.Unknown", lambdaError("Runtime.Unknown",
          "RequestId: " + inv.requestId + " Error: execution environment is shutting down"), "failure", false);
    }
  }

  synchronized boolean idleLongerThan(long nanos, long now) {
    return state == State.IDLE && now - idleSinceNanos > nanos;
  }

  synchronized State state() {
    return state;
  }

  /** Ends this environment; extensions get a SHUTDOWN event with {@code reason}. */
  void shutdown(String reason) {
    synchronized (this) {
      if (state == State.SHUTTING_DOWN || state == State.DEAD) {
        return;
      }
      state = State.SHUTTING_DOWN;
      shutdownReason = reason;
      cancelTimer();
      notifyAll();
    }
    pool.removed(this);
    platform.background().execute(this::shutdownProcesses);
  }

  /** Blocks until the environment is gone (used when Farol itself stops). */
  /** Waits (at most {@code millis}) until the invocation under way, if any, has finished its invoke phase. */
  synchronized void awaitNotBusy(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while ((state == State.BUSY || state == State.INITIALIZING && pending != null)
        && System.currentTimeMillis() < until) {
      wait(20);
    }
  }

  synchronized void awaitDead(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (state != State.DEAD) {
      long left = until - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  // ---------------------------------------------------------------- processes

  private void launch() {
    initAttempt++;
    state = State.INITIALIZING;
    runtime = RuntimeState.STARTED;
    runtimeWaiting = false;
    registrationClosed = false;
    extensions.clear();
    liveExternal.clear();
    initErrorBody = null;
    initErrorType = null;
    initStartNanos = System.nanoTime();
    platformLine("INIT_START Runtime Version: " + fn.runtime() + ".farol\tRuntime Version ARN: arn:aws:lambda:"
        + platform.region() + "::runtime:farol-local");
    if (telemetry != null) {
      telemetry.close();
    }
    telemetry = new Telemetry(id, platform.isolated()
        ? Telemetry.intoSandbox(controlDir, this::sandboxCommand)
        : Telemetry.loopback());
    com.fasterxml.jackson.databind.node.ObjectNode initStart = Telemetry.record();
    initStart.put("initializationType", "on-demand");
    initStart.put("phase", initAttempt == 1 ? "init" : "invoke");
    initStart.put("runtimeVersion", fn.runtime() + ".farol");
    initStart.put("runtimeVersionArn", "arn:aws:lambda:" + platform.region() + "::runtime:farol-local");
    initStart.put("functionName", fn.name());
    initStart.put("functionVersion", "$LATEST");
    telemetry.emit("platform.initStart", initStart);
    try {
      FunctionCode.deleteTree(controlDir);
      Files.createDirectories(controlDir);
      String runtimeApi;
      if (platform.isolated()) {
        platform.runtimeApi().openUnix(this, controlDir.resolve("rapi.sock"));
        runtimeApi = "127.0.0.1:" + Sandbox.RUNTIME_API_PORT;
      } else {
        runtimeApi = platform.runtimeApi().openTcp(this);
      }
      List<String> extNames = new ArrayList<>();
      for (Path e : code.extensions()) {
        extNames.add(e.getFileName().toString());
      }
      if (extNames.size() > FunctionCode.MAX_EXTENSIONS) {
        throw new IOException("Extension limit (" + FunctionCode.MAX_EXTENSIONS + ") reached: " + extNames);
      }
      List<String> fifo = new ArrayList<>(List.of("mkfifo", controlDir.resolve("runtime.out").toString(),
          controlDir.resolve("cmd").toString()));
      if (!extNames.isEmpty()) {
        fifo.add(controlDir.resolve("go").toString());
        for (String n : extNames) {
          fifo.add(controlDir.resolve("ext-" + n + ".out").toString());
        }
      }
      Process mk = new ProcessBuilder(fifo).redirectErrorStream(true).start();
      if (mk.waitFor() != 0) {
        throw new IOException("mkfifo failed: " + new String(mk.getInputStream().readAllBytes()).trim());
      }
      ProcessBuilder pb = new ProcessBuilder(command());
      Map<String, String> env = pb.environment();
      env.clear();
      env.putAll(new EnvironmentVariables(platform, fn, code, logStream, runtimeApi).runtime());
      env.put("FAROL_CONTROL", platform.isolated() ? Sandbox.CONTROL : controlDir.toString());
      env.put("FAROL_EXTENSIONS_DIR", platform.isolated() ? Sandbox.OPT + "/extensions"
          : code.opt().resolve("extensions").toString());
      env.put("FAROL_EXTENSIONS", String.join(" ", extNames));
      if (platform.isolated()) {
        StringBuilder fw = new StringBuilder(Sandbox.RUNTIME_API_PORT + ":rapi.sock");
        for (int port : platform.hostPorts()) {
          fw.append(' ').append(port).append(':').append(Sandbox.HOST_SOCKETS).append("/port-").append(port)
              .append(".sock");
        }
        for (int inside : platform.portAliases().keySet()) {
          fw.append(' ').append(inside).append(':').append(Sandbox.HOST_SOCKETS).append("/alias-").append(inside)
              .append(".sock");
        }
        env.put("FAROL_FORWARDS", fw.toString());
      }
      // ports the extension listens on for tracers ("auto" from farol up): the usual ones inside an
      // isolated sandbox; in plain mode, where environments share the host's ports, ones of their own,
      // given to tracers in the variables they read
      if ("auto".equals(env.get("FAROL_EXTENSION_OTLP_PORT"))) {
        int port = platform.isolated() ? 4318 : freePort();
        env.put("FAROL_EXTENSION_OTLP_PORT", Integer.toString(port));
        if (!platform.isolated()) {
          env.putIfAbsent("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port);
        }
      }
      if ("auto".equals(env.get("FAROL_PROXY_PORT"))) {
        env.put("FAROL_PROXY_PORT", Integer.toString(platform.isolated() ? 9009 : freePort()));
      }
      if ("auto".equals(env.get("DD_DOGSTATSD_PORT"))) {
        env.put("DD_DOGSTATSD_PORT", Integer.toString(platform.isolated() ? 8125 : freeUdpPort()));
      }
      if ("auto".equals(env.get("DD_TRACE_AGENT_PORT"))) {
        // Datadog tracers send to DD_AGENT_HOST:DD_TRACE_AGENT_PORT (8126 by default)
        env.put("DD_TRACE_AGENT_PORT", Integer.toString(platform.isolated() ? 8126 : freePort()));
        env.putIfAbsent("DD_AGENT_HOST", "127.0.0.1");
      }
      pb.directory(platform.isolated() ? null : plainTaskRoot().toFile());
      pb.redirectErrorStream(true);
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
      Process p = pb.start();
      p.getOutputStream().close();
      process = p;
      runtimeOutput = LogLines.startFifo(id + "-out", controlDir.resolve("runtime.out"), this::functionLine,
          () -> background(() -> runtimeOutputEnded(p)));
      // the sandbox's own messages (bubblewrap, the init script) go to the function's log as well
      LogLines.start(id + "-init", p.getInputStream(), this::functionLine, () -> { });
      for (String n : extNames) {
        liveExternal.add(n);
        Path out = controlDir.resolve("ext-" + n + ".out");
        Thread t = new Thread(() -> pumpExtension(p, n, out), id + "-ext-" + n);
        t.setDaemon(true);
        t.start();
      }
      p.onExit().thenRun(() -> background(() -> processEnded(p)));
      long limitMs = initAttempt == 1 ? platform.initTimeout().toMillis() : fn.timeoutSeconds() * 1000L;
      cancelTimer();
      timer = platform.scheduler().schedule(() -> initTimedOut(p), limitMs, TimeUnit.MILLISECONDS);
      if (extNames.isEmpty()) {
        registrationWindowDone();
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("{}: cannot start the execution environment", id, e);
      platformLine("Farol could not start the environment: " + e.getMessage());
      initFailed(null, "Runtime.Unknown", lambdaError("Runtime.Unknown", "Farol could not start the execution "
          + "environment of " + fn.name() + ": " + e.getMessage()), "error", true);
    }
  }

  /**
   * In plain mode there is no {@code /opt} or {@code /var/task}: a path the function names there (an
   * {@code AWS_LAMBDA_EXEC_WRAPPER} such as {@code /opt/otel-handler}) is found in the merged layers or
   * the code instead.
   */
  private String hostPath(String sandboxPath) {
    if (sandboxPath.startsWith(Sandbox.OPT + "/")) {
      return code.opt().resolve(sandboxPath.substring(Sandbox.OPT.length() + 1)).toString();
    }
    if (sandboxPath.startsWith(Sandbox.TASK + "/")) {
      return code.taskRoot().resolve(sandboxPath.substring(Sandbox.TASK.length() + 1)).toString();
    }
    return sandboxPath;
  }

  private Path taskView;

  /**
   * Plain mode: the Java runtime client builds the function's class loader from its working directory
   * (the task root and its {@code lib/}) and from {@code /opt/java/lib}, which is not there outside a
   * sandbox. Its working directory is then a view of the task root (links to its entries) whose
   * {@code lib/} also links the layers' {@code java/lib} jars, after the function's own — so that a
   * layer's classes see the function's (a tracer's Spring integration sees Spring), as on AWS.
   */
  private Path plainTaskRoot() {
    if (platform.isolated() || !fn.isJava()) {
      return code.taskRoot();
    }
    if (taskView != null) {
      return taskView;
    }
    Path layerLib = code.opt().resolve("java/lib");
    List<Path> layerJars = jars(layerLib);
    if (layerJars.isEmpty()) {
      taskView = code.taskRoot();
      return taskView;
    }
    try {
      Path view = controlDir.resolve("task");
      Files.createDirectories(view);
      try (java.util.stream.Stream<Path> entries = Files.list(code.taskRoot())) {
        for (Path e : (Iterable<Path>) entries::iterator) {
          if (!e.getFileName().toString().equals("lib")) {
            Files.createSymbolicLink(view.resolve(e.getFileName().toString()), e.toAbsolutePath());
          }
        }
      }
      Path lib = Files.createDirectories(view.resolve("lib"));
      for (Path jar : jars(code.taskRoot().resolve("lib"))) {
        Files.createSymbolicLink(lib.resolve(jar.getFileName().toString()), jar.toAbsolutePath());
      }
      for (Path jar : layerJars) {
        Files.createSymbolicLink(lib.resolve("zz-layer-" + jar.getFileName()), jar.toAbsolutePath());
      }
      taskView = view;
    } catch (IOException e) {
      LOG.warn("{}: cannot lay out the task root with the layers' java/lib ({}); they stay out of the function's "
          + "class loader", id, e.toString());
      taskView = code.taskRoot();
    }
    return taskView;
  }

  private static List<Path> jars(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(
          java.util.stream.Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }

  private List<String> command() {
    List<String> inner = new ArrayList<>();
    String wrapper = fn.environment().get("AWS_LAMBDA_EXEC_WRAPPER");
    if (wrapper != null && !wrapper.isBlank()) {
      inner.add(platform.isolated() ? wrapper : hostPath(wrapper));
    }
    if (fn.isJava()) {
      boolean iso = platform.isolated();
      inner.add(iso ? Sandbox.LANG + "/bin/java" : platform.javaHome().resolve("bin/java").toString());
      inner.addAll(JavaOptions.forMemory(fn.memorySizeMb()));
      inner.add("-cp");
      // the layers' java/lib jars belong in the runtime client's class loader for the function (as on AWS),
      // not on the system class path: outside a sandbox they reach it through the task root's view
      inner.add(iso ? Sandbox.RUNTIME_LIB + "/*" : platform.javaRuntimeDir() + "/*");
      inner.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
      inner.add(fn.handler());
    } else {
      Path task = code.taskRoot().resolve("bootstrap");
      Path opt = code.opt().resolve("bootstrap");
      boolean inTask = Files.isExecutable(task);
      if (!inTask && !Files.isExecutable(opt)) {
        inner.add("/bin/sh");
        inner.add("-c");
        inner.add("echo 'Couldn'\"'\"'t find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]' >&2; exit 127");
      } else if (platform.isolated()) {
        inner.add(inTask ? Sandbox.TASK + "/bootstrap" : Sandbox.OPT + "/bootstrap");
      } else {
        inner.add((inTask ? task : opt).toString());
      }
    }
    if (!platform.isolated()) {
      // a session of its own: the environment's processes form one process group, frozen with one signal
      Path setsid = Sandbox.which("setsid");
      List<String> cmd = new ArrayList<>();
      if (setsid != null) {
        cmd.add(setsid.toString());
      }
      plainSession = setsid != null;
      cmd.add("/bin/bash");
      cmd.add(platform.initScript().toString());
      cmd.addAll(inner);
      return cmd;
    }
    return Sandbox.isolatedCommand(platform.hostsFile(), code.taskRoot(), code.opt(), platform.javaRuntimeDir(),
        platform.javaHome(), platform.initScript(), controlDir, platform.hostSocketsDir(),
        "sandbox", inner);
  }

  private void pumpExtension(Process p, String name, Path fifo) {
    try (InputStream in = Files.newInputStream(fifo)) {
      LogLines lines = new LogLines(in, line -> extensionLine(name, line), () -> { });
      lines.run();
    } catch (IOException e) {
      LOG.debug("{}: extension {} output: {}", id, name, e.getMessage());
    }
    extensionExited(p, name);
  }

  // ---------------------------------------------------------------- Runtime API

  Reply runtimeNext() {
    synchronized (this) {
      if (runtime == RuntimeState.INIT_ERROR || runtime == RuntimeState.RUNNING) {
        return transitionError(runtime, "Ready");
      }
      boolean first = runtime == RuntimeState.STARTED;
      runtime = RuntimeState.READY;
      runtimeWaiting = true;
      if (first) {
        registrationClosed = true;
        checkInitDone();
      } else if (current != null && !runtimeDone) {
        runtimeDone = true;
        runtimeDoneNanos = System.nanoTime();
        // lines the runtime printed before asking for more belong before its runtimeDone
        if (runtimeOutput != null) {
          runtimeOutput.drain(20);
        }
        InvokeResult answered = current.response.getNow(null);
        runtimeDoneTelemetry(current, answered == null || !answered.failed() ? "success" : "error",
            answered == null ? null : answered.errorType());
        checkInvokeDone();
      }
      while (true) {
        // an environment being shut down never answers: the runtime stays blocked in next until it
        // is killed, as on AWS (an error answer would make the client report a failure or crash)
        if (state == State.DEAD) {
          return null;
        }
        if (state == State.BUSY && current != null && !delivered) {
          delivered = true;
          runtime = RuntimeState.RUNNING;
          runtimeWaiting = false;
          return invocationEvent(current);
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  private Reply invocationEvent(Invocation inv) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Lambda-Runtime-Aws-Request-Id", inv.requestId);
    h.put("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineEpochMs));
    h.put("Lambda-Runtime-Invoked-Function-Arn", inv.functionArn);
    h.put("Lambda-Runtime-Trace-Id", inv.runtimeTraceHeader);
    if (inv.request.clientContext() != null) {
      h.put("Lambda-Runtime-Client-Context", inv.request.clientContext());
    }
    if (inv.request.cognitoIdentity() != null) {
      h.put("Lambda-Runtime-Cognito-Identity", inv.request.cognitoIdentity());
    }
    return new Reply(200, "application/json", inv.request.payload(), h);
  }

  Reply runtimeResponse(String requestId, Request request) throws IOException {
    HttpFields h = request.getHeaders();
    String mode = h.get("Lambda-Runtime-Function-Response-Mode");
    boolean streaming = mode != null && mode.equalsIgnoreCase("streaming");
    synchronized (this) {
      Reply bad = checkInvocationCall(requestId, "InvocationResponse");
      if (bad != null) {
        return bad;
      }
      if (mode != null && !streaming) {
        runtime = RuntimeState.RESPONDED;
        respond(current, errorResult(current, "Runtime.InvalidResponseModeHeader",
            lambdaError("Runtime.InvalidResponseModeHeader", "Invalid function response mode: " + mode)));
        return Reply.error(400, "InvalidFunctionResponseMode", "Invalid function response mode");
      }
      // the body is read outside the monitor below; mark the call as in progress
      runtime = RuntimeState.RESPONDED;
    }
    byte[] body;
    int limit = streaming ? MAX_STREAMED_RESPONSE_BYTES : MAX_RESPONSE_BYTES;
    Invocation responding = current;
    if (responding != null) {
      responding.responseStartNanos = System.nanoTime();
    }
    try {
      body = HttpExchange.readBody(request, limit);
      if (responding != null) {
        responding.responseEndNanos = System.nanoTime();
        responding.producedBytes = body.length;
      }
    } catch (HttpExchange.BodyTooLargeException e) {
      synchronized (this) {
        if (current != null && current.requestId.equals(requestId)) {
          respond(current, errorResult(current, "Function.ResponseSizeTooLarge",
              lambdaError("Function.ResponseSizeTooLarge", "Response payload size (" + e.size()
                  + " bytes) exceeded maximum allowed payload size (" + limit + " bytes).")));
        }
      }
      return Reply.error(413, "RequestEntityTooLarge",
          "Exceeded maximum allowed payload size (" + limit + " bytes).");
    }
    synchronized (this) {
      if (current == null || !current.requestId.equals(requestId)) {
        return Reply.error(400, "InvalidRequestID", "Invalid request ID");
      }
      HttpFields trailers = streaming ? request.getTrailers() : null;
      String streamErrorType = trailers == null ? null : trailers.get("Lambda-Runtime-Function-Error-Type");
      if (streamErrorType != null) {
        String errBody = trailers.get("Lambda-Runtime-Function-Error-Body");
        byte[] decoded = errBody == null ? lambdaError(streamErrorType, "").getBytes(StandardCharsets.UTF_8)
            : Base64.getDecoder().decode(errBody.trim());
        respond(current, new InvokeResult(current.requestId, decoded, "application/json", "Unhandled",
            normalizeErrorType(streamErrorType), null, "$LATEST"));
      } else {
        String ct = h.get(HttpHeader.CONTENT_TYPE);
        respond(current, new InvokeResult(current.requestId, body, ct == null ? "application/json" : ct, null, null,
            null, "$LATEST"));
      }
      return Reply.ACCEPTED;
    }
  }

  synchronized Reply runtimeError(String requestId, String errorType, String contentType, byte[] body) {
    Reply bad = checkInvocationCall(requestId, "InvocationErrorResponse");
    if (bad != null) {
      return bad;
    }
    runtime = RuntimeState.RESPONDED;
    byte[] forwarded = body;
    if (contentType != null && contentType.startsWith(ERROR_CAUSE_TYPE)) {
      forwarded = stripErrorCause(body);
    }
    String type = normalizeErrorType(errorType != null ? errorType : errorTypeOf(body));
    respond(current, new InvokeResult(current.requestId, forwarded, "application/json", "Unhandled", type, null,
        "$LATEST"));
    return Reply.ACCEPTED;
  }

  synchronized Reply runtimeInitError(String errorType, byte[] body) {
    if (runtime != RuntimeState.STARTED) {
      return transitionError(runtime, "InitError");
    }
    runtime = RuntimeState.INIT_ERROR;
    initErrorType = normalizeErrorType(errorType != null ? errorType : errorTypeOf(body));
    initErrorBody = body.length == 0 ? lambdaError(initErrorType, "").getBytes(StandardCharsets.UTF_8) : body;
    // the runtime exits next; the exit completes the failure with this error
    return Reply.ACCEPTED;
  }

  private Reply checkInvocationCall(String requestId, String to) {
    if (current == null || !current.requestId.equals(requestId) || state != State.BUSY) {
      return Reply.error(400, "InvalidRequestID", "Invalid request ID");
    }
    if (runtime != RuntimeState.RUNNING) {
      return transitionError(runtime, to);
    }
    return null;
  }

  private static Reply transitionError(RuntimeState from, String to) {
    return Reply.error(403, "InvalidStateTransition", "State transition from " + from.label + " to " + to
        + " failed for runtime. Error: State transition is not allowed");
  }

  // ---------------------------------------------------------------- Extensions API

  synchronized Reply extensionRegister(String name, String features, byte[] body) {
    if (name == null || name.isBlank()) {
      return Reply.error(403, "Extension.InvalidExtensionName", "Empty extension name");
    }
    if (registrationClosed) {
      return Reply.error(403, "Extension.RegistrationClosed", "Extension registration closed already");
    }
    Set<String> events = new HashSet<>();
    try {
      JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      if (req.has("configurationKeys") && req.get("configurationKeys").size() > 0) {
        return Reply.error(403, "InvalidRequestFormat", "configurationKeys are not supported");
      }
      for (JsonNode e : req.path("events")) {
        String ev = e.asText();
        if (!KNOWN_EVENTS.contains(ev)) {
          return Reply.error(403, "Extension.InvalidEventType", "Unknown event type: " + ev);
        }
        events.add(ev);
      }
    } catch (IOException e) {
      return Reply.error(403, "InvalidRequestFormat", "register body is not JSON: " + e.getMessage());
    }
    boolean external = code.extensions().stream().anyMatch(p -> p.getFileName().toString().equals(name));
    for (Extension e : extensions.values()) {
      if (e.name.equals(name)) {
        return Reply.error(403, "Extension.InvalidExtensionState", "Extension " + name + " is already registered");
      }
    }
    if (!external && events.contains("SHUTDOWN")) {
      return Reply.error(403, "Extension.InvalidEventType", "Internal extensions cannot subscribe to SHUTDOWN");
    }
    if (extensions.size() >= FunctionCode.MAX_EXTENSIONS) {
      return Reply.error(403, "Extension.TooManyExtensions", "Extension limit (10) reached");
    }
    Extension ext = new Extension(UUID.randomUUID().toString(), name, external, Set.copyOf(events));
    extensions.put(ext.id, ext);
    if (external && registeredExternalCount() == code.extensions().size()) {
      registrationWindowDone();
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("functionName", fn.name());
    answer.put("functionVersion", "$LATEST");
    answer.put("handler", fn.handler());
    if (features != null && features.contains("accountId")) {
      answer.put("accountId", platform.accountId());
    }
    return new Reply(200, "application/json", answer.toString().getBytes(StandardCharsets.UTF_8),
        Map.of("Lambda-Extension-Identifier", ext.id));
  }

  Reply extensionNext(String extensionId) {
    synchronized (this) {
      Extension ext = lookup(extensionId);
      if (ext == null) {
        return unknownExtension(extensionId);
      }
      if (ext.failed) {
        return Reply.error(403, "Extension.InvalidExtensionState", "State transition from ExitError to Ready failed"
            + " for extension " + ext.id + ". Error: State transition is not allowed");
      }
      ext.waiting = true;
      if (!ext.ready) {
        ext.ready = true;
        checkInitDone();
      } else {
        checkInvokeDone();
      }
      while (true) {
        if (!ext.pending.isEmpty()) {
          ext.waiting = false;
          String event = ext.pending.poll();
          return new Reply(200, "application/json", event.getBytes(StandardCharsets.UTF_8),
              Map.of("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString()));
        }
        if (state == State.DEAD) {
          return null;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  synchronized Reply extensionError(String extensionId, boolean init, String errorType, byte[] body) {
    Extension ext = lookup(extensionId);
    if (ext == null) {
      return unknownExtension(extensionId);
    }
    if (errorType == null || errorType.isBlank()) {
      return Reply.error(403, "Extension.MissingHeader", "Missing Lambda-Extension-Function-Error-Type header");
    }
    ext.failed = true;
    String type = init ? "Extension.InitError" : "Extension.ExitError";
    String message = "RequestId: " + (current != null ? current.requestId : "-") + " Error: extension " + ext.name
        + " reported " + errorType;
    if (state == State.INITIALIZING) {
      initFailed(process, type, lambdaError(type, message), "error", false);
    } else if (state == State.BUSY && current != null) {
      fail(current, type, lambdaError(type, message), "failure", true);
    } else if (state == State.IDLE) {
      shutdown("failure");
    }
    return Reply.ACCEPTED;
  }

  private Extension lookup(String extensionId) {
    return extensionId == null ? null : extensions.get(extensionId);
  }

  private static Reply unknownExtension(String extensionId) {
    if (extensionId == null) {
      return Reply.error(403, "Extension.MissingExtensionIdentifier", "Missing extension identifier");
    }
    try {
      UUID.fromString(extensionId);
    } catch (IllegalArgumentException e) {
      return Reply.error(403, "Extension.InvalidExtensionIdentifier", "Invalid extension identifier");
    }
    return Reply.error(403, "Extension.UnknownExtensionIdentifier", "Unknown extension " + extensionId);
  }

  private int registeredExternalCount() {
    int n = 0;
    for (Extension e : extensions.values()) {
      if (e.external) {
        n++;
      }
    }
    return n;
  }

  /** Every external extension has registered: the runtime may start. */
  private void registrationWindowDone() {
    if (code.extensions().isEmpty()) {
      return;
    }
    Path go = controlDir.resolve("go");
    platform.background().execute(() -> {
      try {
        Files.writeString(go, "go\n");
      } catch (IOException e) {
        LOG.debug("{}: go signal: {}", id, e.getMessage());
      }
    });
  }

  // ---------------------------------------------------------------- phase transitions (hold the monitor)

  private void checkInitDone() {
    if (state != State.INITIALIZING || runtime != RuntimeState.READY || !runtimeWaiting) {
      return;
    }
    for (Extension e : extensions.values()) {
      if (!e.ready || !e.waiting) {
        return;
      }
    }
    cancelTimer();
    initDurationMs = (System.nanoTime() - initStartNanos) / 1e6;
    initTelemetry("success", null, initDurationMs);
    state = State.IDLE;
    Invocation next = pending;
    pending = null;
    if (next != null) {
      deliver(next);
    } else {
      becomeIdle();
    }
  }

  private void deliver(Invocation inv) {
    thaw();
    current = inv;
    delivered = false;
    runtimeDone = false;
    state = State.BUSY;
    inv.coldStart = !initReported;
    inv.deadlineEpochMs = System.currentTimeMillis() + fn.timeoutSeconds() * 1000L;
    if (!inv.startLogged) {
      inv.startNanos = System.nanoTime();
      synchronized (logLock) {
        invocationLog.setLength(0);
        capturing = true;
      }
      platformLine("START RequestId: " + inv.requestId + " Version: $LATEST");
      inv.startLogged = true;
    }
    inv.startInstant = java.time.Instant.now();
    com.fasterxml.jackson.databind.node.ObjectNode start = Telemetry.record();
    start.put("requestId", inv.requestId);
    start.put("version", "$LATEST");
    start.set("tracing", tracing(inv));
    telemetry.emit("platform.start", start);
    cancelTimer();
    timer = platform.scheduler().schedule(() -> timedOut(inv), fn.timeoutSeconds() * 1000L, TimeUnit.MILLISECONDS);
    String event = invokeEvent(inv);
    for (Extension e : extensions.values()) {
      if (e.subscribes("INVOKE")) {
        e.pending.add(event);
      }
    }
    notifyAll();
  }

  private String invokeEvent(Invocation inv) {
    StringBuilder b = new StringBuilder(256).append("{\"eventType\":\"INVOKE\",\"deadlineMs\":")
        .append(inv.deadlineEpochMs).append(",\"requestId\":").append(jsonString(inv.requestId))
        .append(",\"invokedFunctionArn\":").append(jsonString(inv.functionArn));
    if (inv.traceHeader != null) {
      b.append(",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":").append(jsonString(inv.runtimeTraceHeader))
          .append('}');
    }
    return b.append('}').toString();
  }

  private void checkInvokeDone() {
    if (state != State.BUSY || current == null || !runtimeDone || !runtimeWaiting) {
      return;
    }
    for (Extension e : extensions.values()) {
      if (e.subscribes("INVOKE") && (!e.waiting || !e.pending.isEmpty())) {
        return;
      }
    }
    Invocation inv = current;
    String status = inv.response.isDone() && inv.response.join().failed() ? "error" : null;
    String errorType = status == null ? null : inv.response.join().errorType();
    finish(inv, status, errorType);
    current = null;
    state = State.IDLE;
    becomeIdle();
  }

  private void becomeIdle() {
    idleSinceNanos = System.nanoTime();
    freeze();
    pool.released(this);
  }

  /** Writes END and REPORT, completes the invocation. Holds the monitor. */
  private void finish(Invocation inv, String status, String errorType) {
    cancelTimer();
    if (runtimeOutput != null) {
      runtimeOutput.drain(50);
    }
    long end = System.nanoTime();
    double durationMs = (end - inv.startNanos) / 1e6;
    measureMemory();
    long billed = (long) Math.ceil(durationMs);
    StringBuilder report = new StringBuilder(200).append("REPORT RequestId: ").append(inv.requestId)
        .append("\tDuration: ").append(String.format(Locale.ROOT, "%.2f", durationMs)).append(" ms")
        .append("\tBilled Duration: ");
    boolean cold = inv.coldStart && initDurationMs >= 0;
    if (cold) {
      billed += (long) Math.ceil(initDurationMs);
    }
    report.append(billed).append(" ms")
        .append("\tMemory Size: ").append(fn.memorySizeMb()).append(" MB")
        .append("\tMax Memory Used: ").append(Math.max(1, (maxMemoryKb + 1023) / 1024)).append(" MB");
    if (cold) {
      report.append("\tInit Duration: ").append(String.format(Locale.ROOT, "%.2f", initDurationMs)).append(" ms");
      initReported = true;
    }
    if (status != null) {
      report.append("\tStatus: ").append(status);
      if (errorType != null && !status.equals("timeout")) {
        report.append("\tError Type: ").append(errorType);
      }
    }
    platformLine("END RequestId: " + inv.requestId);
    platformLine(report.toString());
    if (!inv.runtimeDoneSent) {
      runtimeDoneTelemetry(inv, status == null ? "success" : status, status == null ? null : errorType);
    }
    com.fasterxml.jackson.databind.node.ObjectNode rec = Telemetry.record();
    rec.put("requestId", inv.requestId);
    rec.put("status", status == null ? "success" : status);
    if (status != null && errorType != null && !status.equals("timeout")) {
      rec.put("errorType", errorType);
    }
    com.fasterxml.jackson.databind.node.ObjectNode metrics = rec.putObject("metrics");
    metrics.put("durationMs", Math.round(durationMs * 1000) / 1000.0);
    metrics.put("billedDurationMs", billed);
    metrics.put("memorySizeMB", fn.memorySizeMb());
    metrics.put("maxMemoryUsedMB", Math.max(1, (maxMemoryKb + 1023) / 1024));
    if (cold) {
      metrics.put("initDurationMs", Math.round(initDurationMs * 1000) / 1000.0);
    }
    rec.set("tracing", tracing(inv));
    telemetry.emit("platform.report", rec);
    String tail;
    synchronized (logLock) {
      capturing = false;
      tail = tail(invocationLog);
      invocationLog.setLength(0);
    }
    InvokeResult answered = inv.response.join();
    inv.done.complete(new InvokeResult(answered.requestId(), answered.payload(), answered.contentType(),
        answered.functionError(), answered.errorType(), inv.request.tailLog() ? tail : null,
        answered.executedVersion()));
    pool.finished(inv, durationMs, cold ? initDurationMs : -1, maxMemoryKb, status, errorType);
  }

  private static String tail(StringBuilder log) {
    byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
    int from = Math.max(0, bytes.length - TAIL_BYTES);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
  }

  private void respond(Invocation inv, InvokeResult result) {
    pool.answered(this);
    inv.response.complete(result);
  }

  private static InvokeResult errorResult(Invocation inv, String type, String body) {
    return new InvokeResult(inv.requestId, body.getBytes(StandardCharsets.UTF_8), "application/json", "Unhandled",
        type, null, "$LATEST");
  }

  /**
   * Ends {@code inv} with an error the platform produced (timeout, crash, out of memory, extension
   * failure): the caller gets {@code body} unless the function had already answered; the environment ends.
   */
  private void fail(Invocation inv, String type, String body, String reason, boolean report) {
    respond(inv, errorResult(inv, type, body));
    if (report) {
      finish(inv, reason.equals("timeout") ? "timeout" : "error", type);
    } else {
      inv.done.complete(inv.response.join());
    }
    if (current == inv) {
      current = null;
    }
    shutdown(reason);
  }

  private void timedOut(Invocation inv) {
    synchronized (this) {
      if (current != inv || state != State.BUSY) {
        return;
      }
      String secs = String.format(Locale.ROOT, "%.2f", (double) fn.timeoutSeconds());
      platformLine(Instant.now() + " " + inv.requestId + " Task timed out after " + secs + " seconds");
      fail(inv, "Sandbox.Timedout", lambdaError("Sandbox.Timedout", "RequestId: " + inv.requestId
          + " Error: Task timed out after " + secs + " seconds"), "timeout", true);
    }
  }

  /** Called by the pool's memory watch while busy; ends the invocation when over the memory size. */
  void checkMemory() {
    List<Long> pids;
    synchronized (this) {
      if (state != State.BUSY || process == null) {
        return;
      }
      pids = functionPids(ProcessSignals.tree(process.toHandle()));
    }
    long rssKb = ProcessSignals.sumStatusKb(pids, "VmRSS");
    if (rssKb > fn.memorySizeMb() * 1024L) {
      synchronized (this) {
        if (state != State.BUSY || current == null) {
          return;
        }
        maxMemoryKb = Math.max(maxMemoryKb, rssKb);
        Invocation inv = current;
        fail(inv, "Runtime.OutOfMemory", lambdaError("Runtime.OutOfMemory", "RequestId: " + inv.requestId
            + " Error: Runtime exited with error: signal: killed"), "failure", true);
      }
    }
  }

  private void initTimedOut(Process p) {
    synchronized (this) {
      if (state != State.INITIALIZING || process != p) {
        return;
      }
      double limit = initAttempt == 1 ? platform.initTimeout().toMillis() / 1000.0 : fn.timeoutSeconds();
      String secs = String.format(Locale.ROOT, "%.2f", limit);
      String rid = pending == null ? "-" : pending.requestId;
      initFailed(p, "Sandbox.Timedout", lambdaError("Sandbox.Timedout", "RequestId: " + rid
          + " Error: Task timed out after " + secs + " seconds"), "timeout", false);
    }
  }

  /**
   * The init phase failed. On the first attempt with an invocation waiting, Lambda retries init
   * inside the invoke phase (suppressed init); otherwise the waiting invocation gets the error.
   */
  private void initFailed(Process p, String type, String body, String status, boolean launchError) {
    if (state != State.INITIALIZING || (p != null && p != process)) {
      return;
    }
    cancelTimer();
    double ms = (System.nanoTime() - initStartNanos) / 1e6;
    initTelemetry(status, status.equals("timeout") ? null : type, ms);
    platformLine(String.format(Locale.ROOT, "INIT_REPORT Init Duration: %.2f ms\tPhase: %s\tStatus: %s%s", ms,
        initAttempt == 1 ? "init" : "invoke", status, status.equals("timeout") ? "" : "\tError Type: " + type));
    killNow();
    if (!launchError && initAttempt == 1 && pending != null) {
      // the retry runs inside the waiting invocation: its log (and tail) holds the second attempt
      synchronized (logLock) {
        invocationLog.setLength(0);
        capturing = true;
      }
      platformLine("START RequestId: " + pending.requestId + " Version: $LATEST");
      pending.startLogged = true;
      pending.startNanos = System.nanoTime();
      launch();
      return;
    }
    Invocation inv = pending;
    pending = null;
    if (inv != null) {
      inv.coldStart = false;
      if (!inv.startLogged) {
        inv.startNanos = initStartNanos;
        synchronized (logLock) {
          invocationLog.setLength(0);
          capturing = true;
        }
        platformLine("START RequestId: " + inv.requestId + " Version: $LATEST");
      }
      respond(inv, errorResult(inv, type, body));
      finish(inv, status, type);
    }
    shutdown("failure");
  }

  private void runtimeOutputEnded(Process p) {
    // the runtime (the only holder of the output pipe) has ended; give its exit status a moment to land
    Path exit = controlDir.resolve("runtime.exit");
    String code = null;
    for (int i = 0; i < 100 && code == null; i++) {
      try {
        if (Files.exists(exit)) {
          String s = Files.readString(exit).trim();
          code = s.isEmpty() ? null : s;
        }
      } catch (IOException e) {
        // not yet
      }
      if (code == null && p.isAlive()) {
        sleep(5);
      } else if (code == null) {
        break;
      }
    }
    runtimeExited(p, code == null ? (p.isAlive() ? -1 : p.exitValue()) : Integer.parseInt(code));
  }

  private void processEnded(Process p) {
    runtimeExited(p, p.exitValue());
  }

  private void runtimeExited(Process p, int exitCode) {
    synchronized (this) {
      if (p != process || state == State.SHUTTING_DOWN || state == State.DEAD) {
        return;
      }
      String why = exitCode == 0 ? "Runtime exited without providing a reason"
          : exitCode > 128 ? "Runtime exited with error: signal: " + signalName(exitCode - 128)
          : "Runtime exited with error: exit status " + exitCode;
      if (state == State.INITIALIZING) {
        if (initErrorBody != null) {
          initFailed(p, initErrorType, new String(initErrorBody, StandardCharsets.UTF_8), "error", false);
        } else {
          String rid = pending == null ? "-" : pending.requestId;
          initFailed(p, "Runtime.ExitError", lambdaError("Runtime.ExitError", "RequestId: " + rid + " Error: " + why),
              "error", false);
        }
      } else if (state == State.BUSY && current != null) {
        Invocation inv = current;
        fail(inv, "Runtime.ExitError", lambdaError("Runtime.ExitError", "RequestId: " + inv.requestId + " Error: "
            + why), "failure", true);
      } else {
        shutdown("failure");
      }
    }
  }

  private void extensionExited(Process p, String name) {
    synchronized (this) {
      liveExternal.remove(name);
      for (Extension e : extensions.values()) {
        if (e.name.equals(name)) {
          e.exited = true;
        }
      }
      notifyAll();
      if (p != process || state == State.SHUTTING_DOWN || state == State.DEAD) {
        return;
      }
      String type = "Extension.Crash";
      if (state == State.INITIALIZING) {
        String rid = pending == null ? "-" : pending.requestId;
        initFailed(p, type, lambdaError(type, "RequestId: " + rid + " Error: extension " + name
            + " exited during init"), "error", false);
      } else if (state == State.BUSY && current != null) {
        fail(current, type, lambdaError(type, "RequestId: " + current.requestId + " Error: extension " + name
            + " crashed"), "failure", true);
      } else {
        shutdown("failure");
      }
    }
  }

  private static String signalName(int sig) {
    return switch (sig) {
      case 9 -> "killed";
      case 15 -> "terminated";
      case 6 -> "aborted";
      case 11 -> "segmentation fault";
      default -> "signal " + sig;
    };
  }

  // ---------------------------------------------------------------- telemetry

  /** {@code PUT /2022-07-01/telemetry} and {@code PUT /2020-08-15/logs}. */
  Reply telemetrySubscribe(String extensionId, boolean logsApi, byte[] body) {
    Extension ext;
    Telemetry t;
    synchronized (this) {
      ext = extensionId == null ? null : extensions.get(extensionId);
      t = telemetry;
    }
    if (t == null) {
      return Reply.error(403, "Telemetry.SubscriptionClosed", "Telemetry API subscription is closed");
    }
    return t.subscribe(ext, logsApi, body);
  }

  private static int freeUdpPort() throws IOException {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Writes a command line to the init script's command pipe (isolated environments). */
  private boolean sandboxCommand(String command) {
    try {
      Files.write(controlDir.resolve("cmd"), (command + "\n").getBytes(StandardCharsets.US_ASCII),
          java.nio.file.StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      LOG.debug("{}: sandbox command {}: {}", id, command, e.getMessage());
      return false;
    }
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode tracing(Invocation inv) {
    com.fasterxml.jackson.databind.node.ObjectNode t = Telemetry.record();
    // as AWS does: the invocation's span id, and the trace header it came with (whose Parent, if any, is
    // the caller's)
    t.put("spanId", inv.spanId);
    t.put("type", "X-Amzn-Trace-Id");
    t.put("value", inv.traceHeader);
    return t;
  }

  /** {@code platform.initRuntimeDone}, one {@code platform.extension} per extension, {@code platform.initReport}. */
  private void initTelemetry(String status, String errorType, double durationMs) {
    Telemetry t = telemetry;
    if (t == null) {
      return;
    }
    String phase = initAttempt == 1 ? "init" : "invoke";
    com.fasterxml.jackson.databind.node.ObjectNode done = Telemetry.record();
    done.put("initializationType", "on-demand");
    done.put("phase", phase);
    done.put("status", status);
    if (errorType != null) {
      done.put("errorType", errorType);
    }
    t.emit("platform.initRuntimeDone", done);
    for (Extension e : extensions.values()) {
      com.fasterxml.jackson.databind.node.ObjectNode ext = Telemetry.record();
      ext.put("name", e.name);
      ext.put("state", e.failed ? "Failed" : "Ready");
      com.fasterxml.jackson.databind.node.ArrayNode events = ext.putArray("events");
      e.events.stream().sorted().forEach(events::add);
      t.emit("platform.extension", ext);
    }
    com.fasterxml.jackson.databind.node.ObjectNode report = Telemetry.record();
    report.put("initializationType", "on-demand");
    report.put("phase", phase);
    report.put("status", status);
    if (errorType != null) {
      report.put("errorType", errorType);
    }
    report.putObject("metrics").put("durationMs", Math.round(durationMs * 1000) / 1000.0);
    t.emit("platform.initReport", report);
    t.initEnded();
  }

  /** {@code platform.runtimeDone} with its metrics and the response spans. */
  private void runtimeDoneTelemetry(Invocation inv, String status, String errorType) {
    Telemetry t = telemetry;
    if (t == null || inv.runtimeDoneSent) {
      return;
    }
    inv.runtimeDoneSent = true;
    long now = System.nanoTime();
    com.fasterxml.jackson.databind.node.ObjectNode rec = Telemetry.record();
    rec.put("requestId", inv.requestId);
    rec.put("status", status);
    if (errorType != null && !status.equals("success") && !status.equals("timeout")) {
      rec.put("errorType", errorType);
    }
    rec.set("tracing", tracing(inv));
    java.time.Instant started = inv.startInstant != null ? inv.startInstant : java.time.Instant.now();
    if (inv.responseStartNanos > 0) {
      com.fasterxml.jackson.databind.node.ArrayNode spans = rec.putArray("spans");
      double latency = (inv.responseStartNanos - inv.startNanos) / 1e6;
      com.fasterxml.jackson.databind.node.ObjectNode s1 = spans.addObject();
      s1.put("name", "responseLatency");
      s1.put("start", Telemetry.time(started));
      s1.put("durationMs", Math.round(latency * 1000) / 1000.0);
      long end = inv.responseEndNanos > 0 ? inv.responseEndNanos : inv.responseStartNanos;
      com.fasterxml.jackson.databind.node.ObjectNode s2 = spans.addObject();
      s2.put("name", "responseDuration");
      s2.put("start", Telemetry.time(started.plusNanos(inv.responseStartNanos - inv.startNanos)));
      s2.put("durationMs", Math.round((end - inv.responseStartNanos) / 1e3) / 1000.0);
    }
    com.fasterxml.jackson.databind.node.ObjectNode metrics = rec.putObject("metrics");
    metrics.put("durationMs", Math.round((now - inv.startNanos) / 1e3) / 1000.0);
    metrics.put("producedBytes", inv.producedBytes);
    t.emit("platform.runtimeDone", rec);
  }

  // ---------------------------------------------------------------- shutdown

  /** Runs on the service's background threads; once the service is closing, there is nothing left to do. */
  private void background(Runnable task) {
    try {
      platform.background().execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      LOG.debug("{}: service closing, {} not run", id, task);
    }
  }

  private void shutdownProcesses() {
    Process p;
    List<Extension> toNotify = new ArrayList<>();
    boolean hasExtensions;
    synchronized (this) {
      p = process;
      thaw();
      hasExtensions = !extensions.isEmpty();
      for (Extension e : extensions.values()) {
        if (e.external && e.subscribes("SHUTDOWN") && !e.exited) {
          toNotify.add(e);
        }
      }
    }
    long deadline = System.currentTimeMillis() + (hasExtensions ? 2000 : 0);
    if (p != null && hasExtensions) {
      long runtimePid = runtimePid(p);
      if (runtimePid > 0) {
        platform.signals().signal("TERM", List.of(runtimePid));
        long until = System.currentTimeMillis() + 300;
        while (System.currentTimeMillis() < until && ProcessHandle.of(runtimePid).map(ProcessHandle::isAlive)
            .orElse(false)) {
          sleep(5);
        }
        platform.signals().signal("KILL", List.of(runtimePid));
      }
      // what the extensions are still owed goes out before their SHUTDOWN
      Telemetry t = telemetry;
      if (t != null) {
        t.flush(500);
      }
      synchronized (this) {
        String event = "{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":" + jsonString(shutdownReason)
            + ",\"deadlineMs\":" + deadline + "}";
        for (Extension e : toNotify) {
          e.pending.add(event);
        }
        notifyAll();
        while (System.currentTimeMillis() < deadline && toNotify.stream().anyMatch(e -> !e.exited)) {
          try {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    killNow();
    if (p != null) {
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    platform.runtimeApi().close(this);
    if (runtimeOutput != null) {
      runtimeOutput.release();
    }
    Telemetry t = telemetry;
    if (t != null) {
      t.close();
    }
    try {
      FunctionCode.deleteTree(controlDir);
    } catch (IOException e) {
      LOG.debug("{}: cleaning {}: {}", id, controlDir, e.getMessage());
    }
    synchronized (this) {
      state = State.DEAD;
      notifyAll();
    }
  }

  /** SIGKILLs every process of the environment. */
  private void killNow() {
    Process p = process;
    if (p == null) {
      return;
    }
    List<Long> pids = new ArrayList<>(ProcessSignals.tree(p.toHandle()));
    if (!platform.isolated() && plainSession) {
      // the environment's session: also what was orphaned (an extension's background helper whose
      // parent has exited is no longer a descendant, but stays in the group). Isolated environments
      // end with their PID namespace.
      pids.add(-p.pid());
    }
    if (platform.signals() != null) {
      platform.signals().signal("CONT", frozen);
      platform.signals().signal("KILL", pids);
    }
    frozen = List.of();
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    if (state == State.INITIALIZING) {
      platform.runtimeApi().close(this);
    }
  }

  /** Host pid of the runtime process (the script records its pid as seen in the sandbox). */
  private long runtimePid(Process p) {
    try {
      long nsPid = Long.parseLong(Files.readString(controlDir.resolve("runtime.pid")).trim());
      if (!platform.isolated()) {
        return nsPid;
      }
      for (long pid : ProcessSignals.tree(p.toHandle())) {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("NSpid:")) {
            String[] f = line.substring(6).trim().split("\\s+");
            if (f.length > 1 && Long.parseLong(f[f.length - 1]) == nsPid) {
              return pid;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: runtime pid: {}", id, e.getMessage());
    }
    return -1;
  }

  // ---------------------------------------------------------------- freeze, memory

  private void freeze() {
    if (!platform.freeze() || platform.signals() == null || process == null) {
      return;
    }
    if (telemetry != null) {
      telemetry.pause();
    }
    // the tree measured a moment ago at the end of the invocation (REPORT), when there is one
    List<Long> tree = lastTree;
    lastTree = null;
    long group = processGroup(tree);
    // one signal to the group covers every process of the environment, also those started since the
    // last look (a process that made itself a session of its own would escape: rare, and noted)
    List<Long> targets = new ArrayList<>();
    if (group > 0) {
      targets.add(-group);
    }
    if (group <= 0) {
      targets.addAll(tree != null ? tree : ProcessSignals.tree(process.toHandle()));
    }
    frozen = targets;
    platform.signals().signal("STOP", frozen);
  }

  private void thaw() {
    if (!frozen.isEmpty() && platform.signals() != null) {
      platform.signals().signal("CONT", frozen);
    }
    frozen = List.of();
    if (telemetry != null) {
      telemetry.resume();
    }
  }

  /**
   * The process group of the environment's own session: the init script's group (it leads a new
   * session, through {@code setsid} in plain mode and bubblewrap's {@code --new-session} when
   * isolated), or {@code -1} when there is none to be sure of.
   */
  private long processGroup(List<Long> tree) {
    if (group > 0 || process == null) {
      return group;
    }
    List<Long> pids = tree != null ? tree : ProcessSignals.tree(process.toHandle());
    for (long pid : pids) {
      if (ProcessSignals.processGroup(pid) == pid && !isFunctionProcess(pid) && isInitScript(pid)) {
        group = pid;
        break;
      }
    }
    return group;
  }

  private static boolean isInitScript(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("farol-init.sh");
    } catch (IOException e) {
      return false;
    }
  }

  /** Processes that belong to the function (runtime and extensions), not Farol's own helpers. */
  private List<Long> functionPids(List<Long> tree) {
    List<Long> out = new ArrayList<>();
    for (long pid : tree) {
      Boolean own = ownPids.get(pid);
      if (own == null) {
        own = isFunctionProcess(pid);
        if (ownPids.size() > 256) {
          ownPids.clear();
        }
        ownPids.put(pid, own);
      }
      if (own) {
        out.add(pid);
      }
    }
    return out;
  }

  private static boolean isFunctionProcess(long pid) {
    try {
      String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
      if (comm.equals("bwrap") || comm.equals("socat")) {
        return false;
      }
      if (comm.equals("bash")) {
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        return !cmdline.contains("farol-init.sh");
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void measureMemory() {
    if (process == null) {
      return;
    }
    // the process list is walked again at most every half second; between walks the peak resident
    // set of the known processes is read (a process that started and ended within that window is missed)
    long now = System.nanoTime();
    if (memoryPids == null || now - memoryPidsNanos > 500_000_000L) {
      List<Long> tree = ProcessSignals.tree(process.toHandle());
      lastTree = tree;
      memoryPids = functionPids(tree);
      memoryPidsNanos = now;
    }
    maxMemoryKb = Math.max(maxMemoryKb, ProcessSignals.sumStatusKb(memoryPids, "VmHWM"));
  }

  // ---------------------------------------------------------------- logs

  private void functionLine(String line) {
    Telemetry t = telemetry;
    if (t != null) {
      t.log("function", line);
    }
    append(line);
    platform.logSink().line(fn.name(), "function", line);
  }

  private void extensionLine(String name, String line) {
    Telemetry t = telemetry;
    if (t != null) {
      t.log("extension", line);
    }
    append(line);
    platform.logSink().line(fn.name(), "extension:" + name, line);
  }

  private void platformLine(String line) {
    append(line);
    platform.logSink().line(fn.name(), "platform", line);
  }

  private void append(String line) {
    synchronized (logLock) {
      if (capturing) {
        invocationLog.append(line).append('\n');
        if (invocationLog.length() > 4 * TAIL_BYTES) {
          invocationLog.delete(0, invocationLog.length() - 2 * TAIL_BYTES);
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  static String normalizeErrorType(String type) {
    if (type == null || type.isBlank()) {
      return "Runtime.Unknown";
    }
    if (ERROR_TYPE.matcher(type).matches()) {
      return type;
    }
    return type;
  }

  private static String errorTypeOf(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.hasNonNull("errorType") ? n.get("errorType").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] stripErrorCause(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n instanceof ObjectNode o) {
        o.remove("errorCause");
        return JSON.writeValueAsBytes(o);
      }
    } catch (IOException e) {
      // not JSON: forward as is
    }
    return body;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
