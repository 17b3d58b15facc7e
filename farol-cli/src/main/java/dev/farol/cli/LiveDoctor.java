package dev.farol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.doctor.live.LiveCheck;
import dev.farol.doctor.live.LiveJson;
import dev.farol.doctor.live.LiveObservation;
import dev.farol.doctor.live.LiveResult;
import dev.farol.doctor.live.LiveText;
import dev.farol.runtime.config.Definitions;
import dev.farol.runtime.config.FunctionConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code farol doctor --live FUNCTION [--template FILE] [--json]}: invokes the function once, with a trace context
 * of its own, on a private local Lambda with Farol's extension attached and a private server ({@link LiveSession}),
 * waits for the invocation to end (its REPORT line: by then the extension has flushed), asks the server what it
 * stored, and prints every hop with the first broken one as a finding ({@link LiveCheck}). Exit status: 0 every
 * hop passed, 1 one broke, 2 the function is not found or the live run cannot start. Everything it started is
 * stopped before it prints.
 */
final class LiveDoctor {
  /** Beyond the function's timeout, how long the invocation may take (a cold start's init, the flush): seconds. */
  static final int MARGIN_SECONDS = 40;

  private LiveDoctor() {}

  static int run(String function, Path template, boolean json, boolean sarif, List<Path> paths, PrintWriter out)
      throws InterruptedException {
    if (function == null) {
      throw new UserError("--template goes with --live FUNCTION; the configuration check reads PATH instead");
    }
    if (sarif) {
      throw new UserError("--sarif is for the configuration check; --live reports as text or with --json");
    }
    if (!paths.isEmpty()) {
      throw new UserError("--live takes no PATH: it runs FUNCTION from --template, template.yaml or farol.yaml here, "
          + "or the bundled examples");
    }
    LocalOptions local = new LocalOptions();
    local.template = template;
    local.isolation = "auto";
    Definitions defs = local.load();
    FunctionConfig fn = defs.find(function).orElseThrow(() -> new UserError("no function named '" + function
        + "' in " + defs.source() + " (functions: " + defs.functions().stream().map(FunctionConfig::name)
        .collect(Collectors.joining(", ")) + ")"));
    LiveResult result;
    try (LiveSession session = LiveSession.start(defs, local)) {
      result = LiveCheck.evaluate(observe(fn, session));
    }
    out.print(json ? LiveJson.render(result) : LiveText.render(result));
    out.flush();
    return result.exitStatus();
  }

  private static LiveObservation observe(FunctionConfig fn, LiveSession session) throws InterruptedException {
    LiveInvocation call = new LiveInvocation();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(fn.timeoutSeconds() + MARGIN_SECONDS);
    LiveInvocation.Made made;
    try {
      made = call.invoke(fn, session.lambda().invokePort(), session.lambda().httpPort());
    } catch (IOException e) {
      throw new UserError("the invocation of " + fn.name() + " failed: " + e);
    }
    String requestId = made.requestId() != null ? made.requestId() : session.log().awaitStart(fn.name(), deadline);
    if (requestId == null) {
      throw new UserError("the local Lambda never started an invocation of " + fn.name());
    }
    // REPORT is written once every extension has asked for the next event: the extension's flush is over
    session.log().awaitReport(fn.name(), requestId, deadline);
    LiveQuery q = new LiveQuery(session.queryPort());
    try {
      String rid = LiveQuery.encode(requestId);
      JsonNode diagnostics = q.get("/api/v1/invocations/" + rid + "/diagnostics");
      JsonNode invocation = q.get("/api/v1/invocations/" + rid);
      JsonNode logs = q.get("/api/v1/logs?requestId=" + rid + "&limit=1000").get("logs");
      JsonNode callerTrace = q.get("/api/v1/traces/" + call.traceId);
      String own = invocation != null ? invocation.path("traceId").asText(null)
          : diagnostics != null ? diagnostics.path("traceId").asText(null) : null;
      JsonNode ownTrace = own != null && !own.equals(call.traceId) ? q.get("/api/v1/traces/" + own) : null;
      return new LiveObservation(fn.name(), requestId, call.traceId, call.spanId, made.outcome(), diagnostics,
          invocation, logs, callerTrace, ownTrace, session.log().extensionLines(fn.name()));
    } catch (IOException e) {
      throw new UserError("the live check's server did not answer: " + e.getMessage());
    }
  }
}
