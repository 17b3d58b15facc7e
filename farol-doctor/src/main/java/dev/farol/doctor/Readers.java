package dev.farol.doctor;

import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.JsonDocs;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.doc.YamlDocs;
import dev.farol.doctor.farolyaml.FarolYamlReader;
import dev.farol.doctor.lambdajson.FunctionJsonReader;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.InputException;
import dev.farol.doctor.model.SourceText;
import dev.farol.doctor.sam.SamReader;
import dev.farol.doctor.serverless.ServerlessReader;
import dev.farol.doctor.terraform.TerraformReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads one input with the reader for its kind. */
final class Readers {
  private static final long MAX_BYTES = 32L * 1024 * 1024;

  private final DoctorOptions options;
  private final Path base;

  Readers(DoctorOptions options) {
    this.options = options;
    this.base = options.base().toAbsolutePath().normalize();
    this.terraform = new TerraformReader(this::shown, options.varFiles(), options.vars());
  }

  /** The Terraform root modules among {@code dirs} (a directory another one calls as a module is not one). */
  List<Path> terraformRoots(List<Path> dirs) {
    return terraform.roots(dirs);
  }

  private final TerraformReader terraform;

  List<FunctionDef> read(Inputs.Input in) {
    if (in.kind() == Inputs.Kind.TERRAFORM) {
      return terraform.read(in.path());
    }
    String shown = shown(in.path());
    String text = text(in.path(), shown);
    SourceText.remember(in.path(), text);
    DocSites sites = new DocSites(in.path(), shown);
    boolean json = in.path().getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    Node root = json ? JsonDocs.read(shown, text) : YamlDocs.read(in.path(), shown, text);
    switch (in.kind()) {
      case TEMPLATE:
        if (!SamReader.isTemplate(root)) {
          if (in.named()) {
            throw new InputException(shown, "not a SAM or CloudFormation template: no Resources with an "
                + "AWS::Serverless::Function or AWS::Lambda::Function");
          }
          return List.of();
        }
        return SamReader.read(sites, root);
      case SERVERLESS:
        return ServerlessReader.read(sites, root);
      case FAROL_YAML:
        return FarolYamlReader.read(sites, root);
      default:
        return FunctionJsonReader.read(sites, root);
    }
  }

  String describe(Inputs.Input in) {
    String kind = switch (in.kind()) {
      case TERRAFORM -> "Terraform";
      case TEMPLATE -> "template";
      case SERVERLESS -> "Serverless Framework";
      case FAROL_YAML -> "farol.yaml";
      case FUNCTION_JSON -> "function configuration";
    };
    return kind + " " + shown(in.path()) + (in.kind() == Inputs.Kind.TERRAFORM ? "/" : "");
  }

  /** {@code p} as reports name it: relative to the base directory when under it. */
  String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (abs.startsWith(base)) {
      String rel = base.relativize(abs).toString().replace('\\', '/');
      return rel.isEmpty() ? "." : rel;
    }
    return p.toString().replace('\\', '/');
  }

  private static String text(Path file, String shown) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InputException(shown, "larger than " + MAX_BYTES / (1024 * 1024) + " MB; not read");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (MalformedInputException e) {
      throw new InputException(shown, "not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(shown, "cannot be read: " + e.getMessage());
    }
  }
}
