package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Datadog extension's API key: FAROL-D001 none, FAROL-D002 a secret variable holding something else,
 * FAROL-D008 several sources, FAROL-D004 a secret the role may not read, FAROL-D007 a key in plain text.
 * The sources and their precedence are the extension's own: {@code DD_ORG_UUID} (delegated authentication),
 * {@code DD_KMS_API_KEY}, {@code DD_API_KEY_SECRET_ARN}, {@code DD_API_KEY_SSM_ARN}; {@code DD_API_KEY} only when
 * none is set.
 */
final class DatadogKey implements Check {
  static final List<String> SOURCES = List.of("DD_API_KEY", "DD_API_KEY_SECRET_ARN", "DD_KMS_API_KEY",
      "DD_API_KEY_SSM_ARN", "DD_ORG_UUID");
  private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[\\w-]+:\\d{12}:secret:.+");
  private static final Pattern SSM_ARN = Pattern.compile("arn:aws[a-z-]*:ssm:[\\w-]+:\\d{12}:parameter/.+");
  private static final Pattern PLAIN_KEY = Pattern.compile("[a-f0-9]{32}");
  /** The order in which the extension takes the first source that is set. */
  static final List<String> PRECEDENCE = List.of("DD_ORG_UUID", "DD_KMS_API_KEY", "DD_API_KEY_SECRET_ARN",
      "DD_API_KEY_SSM_ARN", "DD_API_KEY");

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (!f.hasExtension(Vendor.DATADOG) || f.localFarol()) {
      return;
    }
    List<String> set = new ArrayList<>();
    for (String s : SOURCES) {
      if (f.fn().env().has(s)) {
        set.add(s);
      }
    }
    if (set.isEmpty()) {
      if (f.fn().env().open()) {
        return;
      }
      out.add(Code.D001, f, f.fn().env().site(), "Datadog's extension is attached but none of DD_API_KEY, "
          + "DD_API_KEY_SECRET_ARN, DD_API_KEY_SSM_ARN, DD_KMS_API_KEY or DD_ORG_UUID is set.", "Without a key the extension "
          + "sends nothing (\"Failed to resolve API key, dropping aggregated data and skipping flushing\"): traces, "
          + "logs and metrics are all dropped.", "Give the extension the key through a Secrets Manager secret (and "
          + "let the function's role read it).", List.of(new Change.SetEnv("DD_API_KEY_SECRET_ARN",
              "arn:aws:secretsmanager:" + LayerArns.region(f) + ":<account>:secret:<datadog-api-key>")));
      return;
    }
    secretVariable(f, out);
    ssmVariable(f, out);
    if (set.size() > 1) {
      String used = PRECEDENCE.stream().filter(set::contains).findFirst().orElseThrow();
      List<String> ignored = set.stream().filter(s -> !s.equals(used)).toList();
      List<Change> remove = ignored.stream().<Change>map(Change.RemoveEnv::new).toList();
      out.add(Code.D008, f, f.fn().env().get(ignored.get(0)).site(), String.join(", ", set) + " are all set; the "
          + "extension uses " + used + " and ignores " + String.join(", ", ignored) + ".", "When " + used + " fails (a "
          + "permission, a wrong ARN) nothing is sent, although another key source is right there; and whoever reads "
          + "the configuration may fix the wrong one.", "Keep one source: " + used + ", the one in use.", remove);
    }
    Val kms = f.fn().env().get("DD_KMS_API_KEY");
    if (kms.known() && PLAIN_KEY.matcher(kms.value().trim()).matches()) {
      out.add(Code.D002, f, kms.site(), "DD_KMS_API_KEY holds what looks like the API key itself, not a KMS "
          + "ciphertext.", "The extension asks KMS to decrypt it, which fails (\"Error decrypting key\"), and runs "
          + "with no key: everything is dropped.", "Name the key in DD_API_KEY, or put the base64 ciphertext here.",
          List.of(new Change.RenameEnv("DD_KMS_API_KEY", "DD_API_KEY")));
    }
    Val plain = f.fn().env().get("DD_API_KEY");
    if (plain.known() && !plain.value().isBlank() && set.size() == 1) {
      out.add(Code.D007, f, plain.site(), "DD_API_KEY is written in the configuration as plain text.",
          "Anyone who can read the function's configuration can read the key; nothing is lost, but it is better "
          + "kept in Secrets Manager.", null, List.of());
    }
    permissions(f, out);
  }

  private static void secretVariable(FunctionFacts f, Findings out) {
    Val v = f.fn().env().get("DD_API_KEY_SECRET_ARN");
    if (!v.known() || SECRET_ARN.matcher(v.value().trim()).matches()) {
      return;
    }
    String value = v.value().trim();
    if (SSM_ARN.matcher(value).matches()) {
      out.add(Code.D002, f, v.site(), "DD_API_KEY_SECRET_ARN holds an SSM parameter ARN (" + value + "), not a "
          + "Secrets Manager secret.", "The extension asks Secrets Manager for it and fails (\"ValidationException: "
          + "Invalid name\"), then runs with no key: everything is dropped.", "Name the parameter in "
          + "DD_API_KEY_SSM_ARN instead (and let the role call ssm:GetParameter on it).",
          List.of(new Change.RenameEnv("DD_API_KEY_SECRET_ARN", "DD_API_KEY_SSM_ARN")));
    } else if (PLAIN_KEY.matcher(value).matches()) {
      out.add(Code.D002, f, v.site(), "DD_API_KEY_SECRET_ARN holds what looks like the API key itself, not a "
          + "secret's ARN.", "The extension asks Secrets Manager for a secret of that name, finds none and runs "
          + "with no key: everything is dropped.", "Put the key in a secret and its ARN here, or name the key in "
          + "DD_API_KEY.", List.of(new Change.RenameEnv("DD_API_KEY_SECRET_ARN", "DD_API_KEY")));
    } else {
      out.add(Code.D002, f, v.site(), "DD_API_KEY_SECRET_ARN is " + value + ", not a Secrets Manager ARN "
          + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>).", "The extension cannot fetch the key and "
          + "runs with none: everything is dropped.", "Use the secret's full ARN.", List.of());
    }
  }

  private static void ssmVariable(FunctionFacts f, Findings out) {
    Val v = f.fn().env().get("DD_API_KEY_SSM_ARN");
    if (v.known() && SECRET_ARN.matcher(v.value().trim()).matches()) {
      out.add(Code.D002, f, v.site(), "DD_API_KEY_SSM_ARN holds a Secrets Manager ARN.", "The extension asks SSM "
          + "for it and fails, then runs with no key: everything is dropped.", "Name the secret in "
          + "DD_API_KEY_SECRET_ARN instead.", List.of(new Change.RenameEnv("DD_API_KEY_SSM_ARN", "DD_API_KEY_SECRET_ARN")));
    }
  }

  private static void permissions(FunctionFacts f, Findings out) {
    if (!f.fn().policies().complete()) {
      return;
    }
    check(f, "DD_API_KEY_SECRET_ARN", "secretsmanager:GetSecretValue", out);
    check(f, "DD_API_KEY_SSM_ARN", "ssm:GetParameter", out);
  }

  private static void check(FunctionFacts f, String variable, String action, Findings out) {
    Val v = f.fn().env().get(variable);
    if (!v.known() || f.fn().policies().allows(action, v.value().trim())) {
      return;
    }
    out.add(Code.D004, f, v.site(), "The function's role has no " + action + " on " + v.value().trim()
        + ", the secret " + variable + " names.", "The extension cannot read the key (\"is not authorized to perform: "
        + action + "\") and sends nothing: traces, logs and metrics are all dropped.", "Allow the role " + action
        + " on that resource" + (f.fn().policies().site() != null ? " (its policies: "
        + f.fn().policies().site().location() + ")" : "") + ".",
        List.of(new Change.AddPermission(action, v.value().trim())));
  }
}
