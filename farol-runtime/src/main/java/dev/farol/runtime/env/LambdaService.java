package dev.farol.runtime.env;

import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.invoke.InvokeException;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import dev.farol.runtime.invoke.Invoker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda service of the local runtime: functions, their environment pools, synchronous and
 * asynchronous ({@code Event}) invocations. The Invoke API and the API Gateway front sit on top.
 */
public final class LambdaService implements Invoker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaService.class);
  static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
  static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;

  /**
   * Settings of the local Lambda service.
   *
   * @param workDir where function code is extracted and layers merged
   * @param javaRuntimeDir the jars of the Java runtime interface client
   * @param javaHome the JDK the Java functions run on
   * @param isolation {@code auto}, {@code isolated} or {@code plain}
   * @param freeze stop an environment's processes between invocations
   * @param idleTimeout how long an idle environment is kept warm
   * @param initTimeout the init phase limit (10 s on Lambda)
   * @param unreservedConcurrency concurrency of a function without reserved concurrency
   * @param hostPorts host loopback ports reachable at the same port inside isolated environments
   * @param asyncRetryDelays delays before the retries of a failed {@code Event} invocation
   */
  public record Options(
      Path workDir,
      Path javaRuntimeDir,
      Path javaHome,
      String isolation,
      boolean freeze,
      Duration idleTimeout,
      Duration initTimeout,
      int unreservedConcurrency,
      String region,
      String accountId,
      List<Integer> hostPorts,
      List<Duration> asyncRetryDelays,
      LogSink logSink,
      InvocationListener listener,
      Function<LayerRef, Path> builtInLayers,
      Map<Integer, Integer> portAliases) {

    public Options {
      portAliases = Map.copyOf(portAliases);
      Objects.requireNonNull(workDir, "workDir == null");
      Objects.requireNonNull(javaRuntimeDir, "javaRuntimeDir == null");
      hostPorts = List.copyOf(hostPorts);
      asyncRetryDelays = List.copyOf(asyncRetryDelays);
    }

    /** Defaults: isolated where possible, frozen between invocations, 10 warm minutes, 10 s init. */
    public static Options defaults(Path workDir, Path javaRuntimeDir) {
      return new Options(workDir, javaRuntimeDir, Path.of(System.getProperty("java.home")), "auto", true,
          Duration.ofMinutes(10), Duration.ofSeconds(10), 10, "us-east-1", "123456789012", List.of(),
          List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), LogSink.DISCARD, InvocationListener.NONE,
          layer -> null, Map.of());
    }

    public Options withIsolation(String mode) {
      return new Options(workDir, javaRuntimeDir, javaHome, mode, freeze, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, hostPorts, asyncRetryDelays, logSink, listener, builtInLayers, portAliases);
    }

    public Options withLogSink(LogSink sink) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, freeze, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, hostPorts, asyncRetryDelays, sink, listener, builtInLayers, portAliases);
    }

    public Options withListener(InvocationListener l) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, freeze, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, hostPorts, asyncRetryDelays, logSink, l, builtInLayers, portAliases);
    }

    public Options withHostPorts(List<Integer> ports) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, freeze, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, ports, asyncRetryDelays, logSink, listener, builtInLayers, portAliases);
    }

    public Options withTimings(Duration idle, Duration init, List<Duration> retries) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, freeze, idle, init,
          unreservedConcurrency, region, accountId, hostPorts, retries, logSink, listener, builtInLayers, portAliases);
    }

    public Options withFreeze(boolean f) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, f, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, hostPorts, asyncRetryDelays, logSink, listener, builtInLayers, portAliases);
    }

    /**
     * Host loopback ports reachable inside isolated environments under another port: {@code inside -> host}
     * (Farol's server, whose usual port the extension's own OTLP intake takes inside).
     */
    public Options withPortAliases(Map<Integer, Integer> aliases) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, freeze, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, hostPorts, asyncRetryDelays, logSink, listener, builtInLayers,
          aliases);
    }

    public Options withBuiltInLayers(Function<LayerRef, Path> resolver) {
      return new Options(workDir, javaRuntimeDir, javaHome, isolation, freeze, idleTimeout, initTimeout,
          unreservedConcurrency, region, accountId, hostPorts, asyncRetryDelays, logSink, listener, resolver, portAliases);
    }
  }

  private final Options options;
  private final Platform platform;
  private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
  private final List<HostPortBridge> bridges = new ArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService background;
  private final AtomicLong asyncQueued = new AtomicLong();
  private volatile boolean closed;

  private LambdaService(Options options, Platform platform, ScheduledExecutorService scheduler,
      ExecutorService background) {
    this.options = options;
    this.platform = platform;
    this.scheduler = scheduler;
    this.background = background;
  }

  /** Starts the service for the given functions (no process starts until the first invocation). */
  public static LambdaService start(Options options, List<FunctionConfig> functions) throws Exception {
    Sandbox.Choice choice = Sandbox.choose(options.isolation());
    Files.createDirectories(options.workDir());
    Path sockets = Files.createTempDirectory("farol-");
    Path hostSockets = Files.createDirectories(sockets.resolve("host"));
    Path script = options.workDir().resolve("farol-init.sh");
    try (InputStream in = LambdaService.class.getResourceAsStream("farol-init.sh")) {
      Files.write(script, Objects.requireNonNull(in, "farol-init.sh resource").readAllBytes());
    }
    Path hosts = options.workDir().resolve("sandbox-hosts");
    Files.writeString(hosts, "127.0.0.1\tlocalhost sandbox.localdomain sandbox\n::1\tlocalhost ip6-localhost\n");
    java.util.concurrent.ScheduledThreadPoolExecutor scheduler =
        new java.util.concurrent.ScheduledThreadPoolExecutor(2, daemon("farol-timers"));
    // every invocation arms a timeout and cancels it: drop cancelled ones at once rather than keep
    // them queued for the function's whole timeout
    scheduler.setRemoveOnCancelPolicy(true);
    ExecutorService background = Executors.newCachedThreadPool(daemon("farol-env"));
    RuntimeApiServer rapi = new RuntimeApiServer();
    rapi.start();
    Platform platform = new Platform(choice, options.workDir().toAbsolutePath(), sockets, hostSockets,
        options.hostPorts(), options.portAliases(), script.toAbsolutePath(), hosts.toAbsolutePath(), options.javaRuntimeDir().toAbsolutePath(),
        options.javaHome(), options.region(), options.accountId(), options.freeze(), options.idleTimeout(),
        options.initTimeout(), options.builtInLayers(), rapi, ProcessSignals.startOrNull(), scheduler, background,
        options.logSink());
    LambdaService service = new LambdaService(options, platform, scheduler, background);
    for (FunctionConfig fn : functions) {
      if (service.pools.put(fn.name(), new FunctionPool(fn, platform, options.unreservedConcurrency(),
          options.listener())) != null) {
        throw new IllegalArgumentException("two functions are named " + fn.name());
      }
    }
    if (choice.mode() == Sandbox.Mode.ISOLATED) {
      for (int port : options.hostPorts()) {
        service.bridges.add(HostPortBridge.open(hostSockets.resolve("port-" + port + ".sock"), port));
      }
      for (Map.Entry<Integer, Integer> alias : options.portAliases().entrySet()) {
        service.bridges.add(HostPortBridge.open(hostSockets.resolve("alias-" + alias.getKey() + ".sock"),
            alias.getValue()));
      }
    }
    scheduler.scheduleWithFixedDelay(service::housekeeping, 200, 200, TimeUnit.MILLISECONDS);
    return service;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void housekeeping() {
    try {
      for (FunctionPool pool : pools.values()) {
        pool.watchMemory();
        pool.reapIdle();
      }
    } catch (RuntimeException e) {
      LOG.warn("housekeeping failed", e);
    }
  }

  /** Isolated or plain, and why not isolated. */
  public String isolationDescription() {
    Sandbox.Choice c = platform.sandbox();
    return c.mode() == Sandbox.Mode.ISOLATED
        ? "isolated sandboxes (own namespaces, Runtime API at 127.0.0.1:9001 inside each)"
        : "plain processes, one Runtime API port per environment (" + c.reason() + ")";
  }

  /** Whether environments would run isolated with this isolation setting, on this machine. */
  public static boolean wouldIsolate(String isolation) {
    return Sandbox.choose(isolation).mode() == Sandbox.Mode.ISOLATED;
  }

  public boolean isolated() {
    return platform.isolated();
  }

  public List<FunctionConfig> functions() {
    List<FunctionConfig> out = new ArrayList<>();
    pools.values().forEach(p -> out.add(p.fn));
    return out;
  }

  public String functionArn(String name) {
    return platform.functionArn(name);
  }

  /** Environments of a function that exist now (busy or idle). */
  public int environments(String function) {
    FunctionPool p = pools.get(function);
    return p == null ? 0 : p.environments();
  }

  public int idleEnvironments(String function) {
    FunctionPool p = pools.get(function);
    return p == null ? 0 : p.idleEnvironments();
  }

  public int coldStarts(String function) {
    FunctionPool p = pools.get(function);
    return p == null ? 0 : p.coldStarts();
  }

  /** Event invocations accepted and not yet finished (including retries). */
  public long asyncInFlight() {
    return asyncQueued.get();
  }

  @Override
  public InvokeResult invoke(InvokeRequest request) throws InvokeException {
    FunctionPool pool = resolve(request.functionName());
    if (request.payload().length > MAX_SYNC_PAYLOAD) {
      throw new InvokeException("RequestTooLargeException", 413, "Request must be smaller than " + MAX_SYNC_PAYLOAD
          + " bytes for the InvokeFunction operation");
    }
    Invocation inv = newInvocation(pool, request, newRequestId());
    pool.dispatch(inv);
    return await(pool, inv, request.tailLog());
  }

  /** Queues an {@code Event} invocation; retried twice on function error. Returns its request id. */
  public String invokeAsync(InvokeRequest request) throws InvokeException {
    FunctionPool pool = resolve(request.functionName());
    if (request.payload().length > MAX_ASYNC_PAYLOAD) {
      throw new InvokeException("RequestTooLargeException", 413, "Request must be smaller than " + MAX_ASYNC_PAYLOAD
          + " bytes for the InvokeFunction operation");
    }
    String requestId = newRequestId();
    asyncQueued.incrementAndGet();
    background.execute(() -> runAsync(pool, request, requestId, 0));
    return requestId;
  }

  /** Validates that the function exists ({@code DryRun}). */
  public void dryRun(String functionName) throws InvokeException {
    resolve(functionName);
  }

  private void runAsync(FunctionPool pool, InvokeRequest request, String requestId, int attempt) {
    if (closed) {
      asyncQueued.decrementAndGet();
      return;
    }
    Invocation inv = newInvocation(pool, request, requestId);
    try {
      pool.dispatch(inv);
    } catch (InvokeException throttled) {
      // Lambda keeps throttled events queued and tries again
      scheduler.schedule(() -> background.execute(() -> runAsync(pool, request, requestId, attempt)),
          200 + ThreadLocalRandom.current().nextInt(200), TimeUnit.MILLISECONDS);
      return;
    }
    inv.done().whenComplete((result, error) -> {
      boolean failed = error != null || result.failed();
      if (failed && attempt < options.asyncRetryDelays().size()) {
        long delay = options.asyncRetryDelays().get(attempt).toMillis();
        LOG.info("{}: event {} failed (attempt {}), retrying in {} ms", pool.fn.name(), requestId, attempt + 1,
            delay);
        scheduler.schedule(() -> background.execute(() -> runAsync(pool, request, requestId, attempt + 1)), delay,
            TimeUnit.MILLISECONDS);
      } else {
        if (failed) {
          LOG.warn("{}: event {} failed after {} attempts; dropped (no destination configured)", pool.fn.name(),
              requestId, attempt + 1);
        }
        asyncQueued.decrementAndGet();
      }
    });
  }

  private InvokeResult await(FunctionPool pool, Invocation inv, boolean tail) throws InvokeException {
    long limitMs = pool.fn.timeoutSeconds() * 1000L + options.initTimeout().toMillis() * 2 + 15_000;
    try {
      return (tail ? inv.done() : inv.response()).get(limitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvokeException("ServiceException", 500, "interrupted while waiting for " + inv.requestId);
    } catch (ExecutionException | TimeoutException e) {
      LOG.error("{}: invocation {} did not complete", pool.fn.name(), inv.requestId, e);
      throw new InvokeException("ServiceException", 500, "invocation " + inv.requestId + " did not complete");
    }
  }

  private Invocation newInvocation(FunctionPool pool, InvokeRequest request, String requestId) {
    String trace = request.traceHeader();
    if (trace == null || !trace.contains("Root=")) {
      trace = newTraceHeader();
    }
    return new Invocation(requestId, request, platform.functionArn(pool.fn.name()), trace);
  }

  private FunctionPool resolve(String functionName) throws InvokeException {
    FunctionRef ref = FunctionRef.parse(functionName, platform.region(), platform.accountId());
    if (ref == null) {
      throw new InvokeException("ValidationException", 400, "1 validation error detected: Value '" + functionName
          + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
          + "([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
    }
    FunctionPool pool = pools.get(ref.name());
    if (pool == null || (ref.qualifier() != null && !ref.qualifier().equals("$LATEST"))) {
      throw InvokeException.notFound(platform.functionArn(ref.name())
          + (ref.qualifier() == null ? "" : ":" + ref.qualifier()));
    }
    return pool;
  }

  static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  static String newTraceHeader() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long epoch = System.currentTimeMillis() / 1000;
    // no caller, so no Parent: the invocation's own span (the runtime's Parent) is the root
    return String.format("Root=1-%08x-%08x%016x;Sampled=0", epoch, r.nextInt(), r.nextLong());
  }

  @Override
  public void close() {
    closed = true;
    for (FunctionPool pool : pools.values()) {
      try {
        pool.shutdownAll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    bridges.forEach(HostPortBridge::close);
    scheduler.shutdownNow();
    background.shutdownNow();
    if (platform.signals() != null) {
      platform.signals().close();
    }
    try {
      platform.runtimeApi().close();
    } catch (Exception e) {
      LOG.debug("stopping the runtime API server", e);
    }
    try {
      FunctionCode.deleteTree(platform.socketsDir());
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", platform.socketsDir(), e.toString());
    }
  }
}
