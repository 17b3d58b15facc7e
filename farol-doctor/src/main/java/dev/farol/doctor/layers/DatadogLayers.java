package dev.farol.doctor.layers;

/**
 * The names of Datadog's layers for a runtime and architecture, as Datadog's own tools choose them: Python,
 * Ruby and .NET layers and the extension have an {@code -ARM} build; Node.js and Java layers serve both.
 */
public final class DatadogLayers {
  public static final String ACCOUNT = "464622532012";
  /** Datadog's account in GovCloud ({@code aws-us-gov}). */
  public static final String GOVCLOUD_ACCOUNT = "002406178527";

  private DatadogLayers() {}

  /** The tracer layer for {@code family} {@code version} ({@code python} {@code 3.12}), or {@code null}. */
  public static String tracer(String family, String version, boolean arm) {
    String v = version == null ? "" : version;
    return switch (family == null ? "" : family) {
      case "python" -> "Datadog-Python" + v.replace(".", "") + (arm ? "-ARM" : "");
      case "nodejs" -> "Datadog-Node" + v + "-x";
      case "java" -> "dd-trace-java";
      case "dotnet" -> "dd-trace-dotnet" + (arm ? "-ARM" : "");
      case "ruby" -> "Datadog-Ruby" + v.replace(".", "-") + (arm ? "-ARM" : "");
      default -> null;
    };
  }

  public static String extension(boolean arm, boolean fips) {
    return "Datadog-Extension" + (arm ? "-ARM" : "") + (fips ? "-FIPS" : "");
  }

  public static String arn(String region, String name, String version) {
    return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":layer:" + name + ":" + version;
  }
}
