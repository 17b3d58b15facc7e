package dev.farol.doctor;

import dev.farol.doctor.code.SourceIndex;
import dev.farol.doctor.model.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the function definitions under the paths the doctor is given: directories holding Terraform
 * ({@code *.tf}), SAM and CloudFormation templates, {@code serverless.yml}, Farol's {@code farol.yaml}, and
 * JSON from {@code aws lambda get-function-configuration} (told by their content). Skips what is built or
 * downloaded ({@link SourceIndex#SKIPPED}).
 */
final class Inputs {

  enum Kind { TERRAFORM, TEMPLATE, SERVERLESS, FAROL_YAML, FUNCTION_JSON }

  record Input(Kind kind, Path path, boolean named) {}

  private Inputs() {}

  /** The inputs under {@code paths}; a path that does not exist is an {@link InputException}. */
  static List<Input> find(List<Path> paths) {
    List<Input> found = new ArrayList<>();
    Set<Path> terraformDirs = new LinkedHashSet<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new InputException(p.toString(), "no such file or directory");
      }
      if (Files.isRegularFile(p)) {
        Kind k = classify(p, true);
        if (k == null) {
          throw new InputException(p.toString(), "not a function definition the doctor reads (Terraform .tf, a SAM "
              + "or CloudFormation template, serverless.yml, farol.yaml, or the JSON of aws lambda "
              + "get-function-configuration)");
        }
        if (k == Kind.TERRAFORM) {
          terraformDirs.add(p.toAbsolutePath().getParent());
        } else {
          found.add(new Input(k, p, true));
        }
        continue;
      }
      List<Input> walked = new ArrayList<>();
      walk(p, walked, terraformDirs);
      walked.sort(java.util.Comparator.comparing(i -> i.path().toString()));
      found.addAll(walked);
    }
    for (Path d : terraformDirs.stream().sorted().toList()) {
      found.add(new Input(Kind.TERRAFORM, d, true));
    }
    return found;
  }

  private static void walk(Path root, List<Input> found, Set<Path> terraformDirs) {
    SourceIndex.walk(root, file -> {
      Kind k = classify(file, false);
      if (k == Kind.TERRAFORM) {
        terraformDirs.add(file.toAbsolutePath().getParent());
      } else if (k != null) {
        found.add(new Input(k, file, false));
      }
      return true;
    });
  }

  /** What {@code file} is, by its name and, for YAML and JSON, the start of its content. */
  static Kind classify(Path file, boolean named) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".tf")) {
      return Kind.TERRAFORM;
    }
    if (name.equals("serverless.yml") || name.equals("serverless.yaml")) {
      return Kind.SERVERLESS;
    }
    if (name.equals("farol.yaml") || name.equals("farol.yml")) {
      return Kind.FAROL_YAML;
    }
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    boolean json = name.endsWith(".json");
    if (!yaml && !json) {
      return null;
    }
    if (json && (name.equals("package.json") || name.equals("package-lock.json") || name.startsWith("tsconfig"))) {
      return null;
    }
    String head = head(file);
    if (head.contains("AWSTemplateFormatVersion") || head.contains("AWS::Serverless") || head.contains("AWS::Lambda::Function")
        || yaml && head.contains("Resources:") && (named || head.contains("Type: AWS::"))) {
      return Kind.TEMPLATE;
    }
    if (json && (head.contains("\"FunctionName\"") || head.contains("\"Functions\"") || head.contains("\"Configuration\""))
        && (head.contains("\"Runtime\"") || head.contains("\"Handler\"") || head.contains("\"FunctionArn\""))) {
      return Kind.FUNCTION_JSON;
    }
    if (json && named && (head.contains("\"FunctionName\"") || head.contains("\"Handler\""))) {
      return Kind.FUNCTION_JSON;
    }
    if (yaml && named && head.contains("functions:")) {
      return head.contains("provider:") ? Kind.SERVERLESS : Kind.FAROL_YAML;
    }
    return null;
  }

  private static String head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
