package dev.farol.doctor.fix;

/** How a format writes the pieces a fix adds: HCL, YAML or JSON. */
enum Syntax {
  HCL("hcl"), YAML("yaml"), JSON("json");

  final String language;

  Syntax(String language) {
    this.language = language;
  }

  /** A string value as this format writes it. */
  String value(String v) {
    switch (this) {
      case YAML:
        return v.matches("[A-Za-z0-9_./:@-][A-Za-z0-9_./:@ ,-]*") && !v.endsWith(" ")
            && !v.matches("(?i)true|false|yes|no|on|off|null|~|[0-9.e+-]+") ? v : json(v);
      default:
        return json(v);
    }
  }

  /** {@code key = value} / {@code key: value} / {@code "key": value}. */
  String entry(String key, String renderedValue) {
    switch (this) {
      case HCL: return key + " = " + renderedValue;
      case YAML: return key + ": " + renderedValue;
      default: return json(key) + ": " + renderedValue;
    }
  }

  static String json(String v) {
    return dev.farol.tracer.Json.quote(v);
  }

  static Syntax of(String fileName) {
    String f = fileName.toLowerCase(java.util.Locale.ROOT);
    if (f.endsWith(".tf") || f.endsWith(".tfvars") || f.endsWith(".hcl")) {
      return HCL;
    }
    if (f.endsWith(".json")) {
      return JSON;
    }
    return YAML;
  }
}
