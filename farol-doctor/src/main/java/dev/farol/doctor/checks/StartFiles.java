package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files the function's start needs that no layer provides: FAROL-H004 for {@code AWS_LAMBDA_EXEC_WRAPPER},
 * FAROL-H006 for a {@code -javaagent} or a Node.js {@code --require} under {@code /opt}. Only concluded
 * when every layer is recognised: an unknown layer may provide anything.
 */
final class StartFiles implements Check {
  private static final Pattern JAVA_AGENT = Pattern.compile("-javaagent:(/opt/[^\\s=]+)");
  private static final Pattern NODE_REQUIRE = Pattern.compile("(?:--require|-r|--import)[ =](/opt/\\S+)");

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (!f.allLayersKnown() || f.localFarol() || f.fn().image()) {
      return;
    }
    Val exec = f.execWrapper();
    if (exec.known() && exec.value().startsWith("/opt/") && !f.provided(exec.value().trim())) {
      String file = exec.value().trim();
      boolean datadog = file.equals(TracerStart.DATADOG_WRAPPER);
      String provider = datadog ? "Datadog's extension layer" : TracerStart.startedBy(file).stream()
          .filter(t -> t.family().equals(f.family())).findFirst()
          .map(t -> t.vendor().label() + "'s " + f.family() + " tracer layer").orElse(null);
      out.add(Code.H004, f, exec.site(), "AWS_LAMBDA_EXEC_WRAPPER is " + file + " but no layer of the function "
          + "provides it" + (f.layers().isEmpty() ? " (it has no layers)" : "") + ".",
          "Lambda runs the exec wrapper to start the runtime; when the file is missing the runtime does not start "
          + "(\"" + file + ": does not exist\", Runtime.ExitError) and every invocation fails.",
          datadog ? "Attach Datadog's extension layer, which provides " + file + "."
              : "Remove AWS_LAMBDA_EXEC_WRAPPER" + (provider != null ? ", or attach " + provider + ", which provides "
              + file : "") + ".",
          datadog ? List.of(new Change.AddLayer(LayerArns.datadogExtension(f)))
              : List.of(new Change.RemoveEnv("AWS_LAMBDA_EXEC_WRAPPER")));
    }
    for (String name : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "NODE_OPTIONS")) {
      Val v = f.fn().env().get(name);
      if (!v.known()) {
        continue;
      }
      Matcher m = (name.equals("NODE_OPTIONS") ? NODE_REQUIRE : JAVA_AGENT).matcher(v.value());
      while (m.find()) {
        String file = m.group(1);
        if (f.provided(file)) {
          continue;
        }
        boolean java = !name.equals("NODE_OPTIONS");
        out.add(Code.H006, f, v.site(), name + " loads " + file + " but no layer of the function provides it.",
            java ? "The JVM refuses to start when a -javaagent jar is missing (\"Error opening zip file or JAR "
                + "manifest missing\"), so the function fails to initialise."
                : "Node.js exits at start when a module it is told to --require or --import is missing (\"Cannot find "
                + "module\"), so the function fails to initialise.",
            file.endsWith("dd-java-agent.jar") ? "Attach Datadog's Java tracer layer, which provides " + file + "."
                : "Attach the layer that provides " + file + ", or remove it from " + name + ".",
            file.endsWith("dd-java-agent.jar") ? List.of(new Change.AddLayer(LayerArns.datadogTracer(f)))
                : List.of());
      }
    }
  }
}
