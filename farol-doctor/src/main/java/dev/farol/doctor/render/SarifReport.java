package dev.farol.doctor.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.doctor.Report;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.Severity;
import dev.farol.findings.Signal;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as SARIF 2.1.0, so code-scanning tools show each finding on its line: one rule per code
 * used, one result per finding, locations relative to the scanned directory ({@code %SRCROOT%}), the fix
 * in the result's properties, and a fingerprint that stays put when lines move.
 */
public final class SarifReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifReport() {}

  public static String render(Report r, Path base, String version) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "farol-doctor");
    driver.put("fullName", "Farol doctor");
    driver.put("semanticVersion", version);
    ArrayNode rules = driver.putArray("rules");
    Map<Code, Integer> index = new LinkedHashMap<>();
    for (Finding f : r.findings()) {
      index.computeIfAbsent(f.code(), c -> {
        rule(rules.addObject(), c);
        return index.size();
      });
    }
    run.putObject("originalUriBaseIds").putObject("%SRCROOT%").put("uri",
        base.toAbsolutePath().normalize().toUri().toString());
    ArrayNode results = run.putArray("results");
    for (Finding f : r.findings()) {
      result(results.addObject(), f, index.get(f.code()));
    }
    ArrayNode notifications = run.putArray("invocations").addObject()
        .put("executionSuccessful", r.errors().isEmpty()).putArray("toolExecutionNotifications");
    for (String e : r.errors()) {
      notifications.addObject().put("level", "error").putObject("message").put("text", e);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void rule(ObjectNode rule, Code c) {
    rule.put("id", c.id());
    rule.put("name", camel(c.slug()));
    rule.putObject("shortDescription").put("text", c.title());
    rule.putObject("fullDescription").put("text", c.title() + " (" + c.slug() + ")");
    rule.putObject("help").put("text", "See docs/doctor.md#" + c.anchor());
    rule.putObject("defaultConfiguration").put("level", level(c.severity()));
    ArrayNode tags = rule.putObject("properties").putArray("tags");
    tags.add("observability");
    for (Signal s : c.signals()) {
      tags.add(s.label());
    }
  }

  private static void result(ObjectNode res, Finding f, int ruleIndex) {
    res.put("ruleId", f.code().id());
    res.put("ruleIndex", ruleIndex);
    res.put("level", level(f.severity()));
    String fix = f.fix() != null ? " Fix: " + f.fix().summary() : "";
    res.putObject("message").put("text", f.message() + " " + f.why() + fix);
    Evidence e = f.evidence();
    ObjectNode loc = res.putArray("locations").addObject();
    if (e.file() != null) {
      ObjectNode phys = loc.putObject("physicalLocation");
      phys.putObject("artifactLocation").put("uri", e.file()).put("uriBaseId", "%SRCROOT%");
      if (e.line() > 0) {
        ObjectNode region = phys.putObject("region").put("startLine", e.line());
        if (e.column() > 0) {
          region.put("startColumn", e.column());
        }
        if (e.excerpt() != null) {
          region.putObject("snippet").put("text", e.excerpt());
        }
      }
    }
    ObjectNode logical = loc.putArray("logicalLocations").addObject();
    logical.put("name", f.function() != null ? f.function() : "input");
    if (e.path() != null) {
      logical.put("fullyQualifiedName", e.path());
    }
    res.putObject("partialFingerprints").put("farolFinding/v1", fingerprint(f));
    ObjectNode props = res.putObject("properties");
    if (f.function() != null) {
      props.put("function", f.function());
    }
    ArrayNode signals = props.putArray("loses");
    f.signals().forEach(s -> signals.add(s.label()));
    if (f.fix() != null) {
      props.putObject("fix").put("summary", f.fix().summary()).put("language", f.fix().language())
          .put("diff", f.fix().diff());
    }
  }

  static String level(Severity s) {
    return s.label();
  }

  private static String fingerprint(Finding f) {
    String key = f.code().id() + "|" + f.function() + "|" + (f.evidence().path() != null ? f.evidence().path()
        : f.evidence().file());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(
          java.nio.charset.StandardCharsets.UTF_8))).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String camel(String slug) {
    StringBuilder b = new StringBuilder();
    for (String part : slug.split("-")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }
}
