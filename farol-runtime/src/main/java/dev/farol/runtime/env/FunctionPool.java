package dev.farol.runtime.env;

import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.invoke.InvokeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The execution environments of one function: one invocation at a time per environment, a new
 * environment (cold start) only when none is idle, up to the function's concurrency, idle ones
 * reused most-recent first and shut down ("spindown") after the idle timeout.
 *
 * <p>Lock order: an environment may call into its pool while holding its own monitor, so the pool
 * never calls an environment while holding the pool's monitor.
 */
final class FunctionPool {
  final FunctionConfig fn;
  private final Platform platform;
  private final int limit;
  private final InvocationListener listener;
  private final List<ExecutionEnvironment> all = new ArrayList<>();
  /** Idle environments, most recently released first, with the time they became idle. */
  private final ArrayDeque<Idle> idle = new ArrayDeque<>();
  /** Environments that have answered their invocation and are about to be idle again. */
  private final java.util.Set<ExecutionEnvironment> finishing = new java.util.HashSet<>();
  private FunctionCode code;
  private int created;
  private int coldStarts;

  private static final long FINISHING_WAIT_NANOS = 200_000_000L;

  private record Idle(ExecutionEnvironment env, long sinceNanos) {}

  FunctionPool(FunctionConfig fn, Platform platform, int unreservedLimit, InvocationListener listener) {
    this.fn = fn;
    this.platform = platform;
    this.limit = fn.reservedConcurrency() >= 0 ? fn.reservedConcurrency() : unreservedLimit;
    this.listener = listener;
  }

  /** Runs the invocation on an idle environment, or a new one; throttles at the concurrency limit. */
  void dispatch(Invocation inv) throws InvokeException {
    ExecutionEnvironment env;
    boolean cold;
    synchronized (this) {
      // a caller invoking right after an answer finds the environment a moment before its runtime is
      // back in /next: wait that moment rather than start a new environment (sequential callers stay warm)
      long until = System.nanoTime() + FINISHING_WAIT_NANOS;
      while (idle.isEmpty() && !finishing.isEmpty()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      Idle i = idle.pollFirst();
      if (i != null) {
        env = i.env();
        cold = false;
      } else if (all.size() < limit) {
        if (code == null) {
          code = FunctionCode.prepare(fn, platform.workDir(), platform.builtInLayers());
        }
        env = new ExecutionEnvironment(platform, this, code, ++created);
        all.add(env);
        coldStarts++;
        cold = true;
      } else {
        throw throttled();
      }
    }
    if (cold) {
      env.start(inv);
    } else {
      env.assign(inv);
    }
  }

  private InvokeException throttled() {
    boolean reserved = fn.reservedConcurrency() >= 0;
    return new InvokeException("TooManyRequestsException", 429, "Rate Exceeded.",
        reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded" : "ConcurrentInvocationLimitExceeded");
  }

  synchronized void released(ExecutionEnvironment env) {
    finishing.remove(env);
    if (all.contains(env)) {
      idle.addFirst(new Idle(env, System.nanoTime()));
    }
    notifyAll();
  }

  /** The environment has answered its invocation; it is idle again once its runtime asks for more. */
  synchronized void answered(ExecutionEnvironment env) {
    if (all.contains(env)) {
      finishing.add(env);
    }
  }

  synchronized void removed(ExecutionEnvironment env) {
    all.remove(env);
    finishing.remove(env);
    idle.removeIf(i -> i.env() == env);
    notifyAll();
  }

  void finished(Invocation inv, double durationMs, double initDurationMs, long maxMemoryKb, String status,
      String errorType) {
    listener.finished(fn, inv.requestId, inv.coldStart, durationMs, initDurationMs, maxMemoryKb, status, errorType);
  }

  /** Shuts down environments idle for longer than the idle timeout. */
  void reapIdle() {
    long ttl = platform.idleTimeout().toNanos();
    long now = System.nanoTime();
    List<ExecutionEnvironment> expired = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
        Idle i = it.next();
        if (now - i.sinceNanos() > ttl) {
          it.remove();
          expired.add(i.env());
        }
      }
    }
    expired.forEach(e -> e.shutdown("spindown"));
  }

  /** Checks the memory of busy environments. */
  void watchMemory() {
    List<ExecutionEnvironment> busy;
    synchronized (this) {
      busy = new ArrayList<>(all);
      for (Idle i : idle) {
        busy.remove(i.env());
      }
    }
    busy.forEach(ExecutionEnvironment::checkMemory);
  }

  /** Ends every environment and waits for them (at most a few seconds). */
  void shutdownAll() throws InterruptedException {
    List<ExecutionEnvironment> envs;
    synchronized (this) {
      envs = new ArrayList<>(all);
      idle.clear();
    }
    // an invocation under way finishes its invoke phase first (its REPORT, the extensions' flush)
    long until = System.currentTimeMillis() + 3_000;
    for (ExecutionEnvironment e : envs) {
      e.awaitNotBusy(Math.max(0, until - System.currentTimeMillis()));
    }
    envs.forEach(e -> e.shutdown("spindown"));
    for (ExecutionEnvironment e : envs) {
      e.awaitDead(5000);
    }
  }

  synchronized int environments() {
    return all.size();
  }

  synchronized int idleEnvironments() {
    return idle.size();
  }

  synchronized int coldStarts() {
    return coldStarts;
  }
}
