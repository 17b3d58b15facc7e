package dev.farol.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code farol doctor} on a generated repository of 50 functions in one run, end to end as a user runs it
 * (the {@code farol} launcher, so the JVM's start is included): 20 Terraform functions made by a
 * {@code for_each} over a local module with merged environments and concatenated layers, 15 in a SAM
 * template with Globals, 15 in a {@code serverless.yml}; about a third of them misconfigured. Reports the
 * wall time of each run after two discarded, and checks each run read all 50 functions.
 *
 * <p>{@code BENCH_MAIN=DoctorBench bench/run}; {@code bench.doctor.n} runs (default 15). Target: under 2 s.
 */
public final class DoctorBench {
  private DoctorBench() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("farol.home", ".")).toAbsolutePath().normalize();
    int n = Integer.getInteger("bench.doctor.n", 15);
    Path repo = Files.createTempDirectory("farol-doctor-bench");
    try {
      generate(repo);
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < n + 2; i++) {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(home.resolve("farol").toString(), "doctor", repo.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("farol doctor did not finish in 60 s");
        }
        double took = (System.nanoTime() - start) / 1e6;
        Matcher m = Pattern.compile("farol doctor: (\\d+) functions").matcher(out);
        if (!m.find() || !m.group(1).equals("50") || p.exitValue() != 1) {
          throw new IllegalStateException("expected 50 functions and exit 1, got exit " + p.exitValue() + ":\n" + out);
        }
        if (i >= 2) {
          ms.add(took);
        }
        if (i == 0) {
          System.out.println(summaryLine(out));
        }
      }
      double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(Locale.ROOT, "| farol doctor, 50 functions, end to end | %d | %.0f ms | %.0f ms | %.0f ms |%n",
          sorted.length, pct(sorted, 50), pct(sorted, 90), sorted[sorted.length - 1]);
    } finally {
      try (var walk = Files.walk(repo)) {
        walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String summaryLine(String out) {
    String[] lines = out.strip().split("\n");
    return "last line of the report: " + lines[lines.length - 1];
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static void generate(Path repo) throws IOException {
    Path tf = repo.resolve("infra");
    Files.createDirectories(tf.resolve("modules/fn"));
    StringBuilder fns = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      boolean broken = i % 3 == 0;
      fns.append(String.format(Locale.ROOT, "    fn%02d = { handler = \"%s\", memory = %d }%n", i,
          broken ? "svc" + i + ".app.handler" : "datadog_lambda.handler.handler", 256 + 64 * (i % 4)));
    }
    Files.writeString(tf.resolve("main.tf"), """
        locals {
          common_env = { DD_SITE = var.site, DD_ENV = terraform.workspace, DD_API_KEY_SECRET_ARN = var.secret }
          functions = {
        %s  }
        }

        module "fn" {
          source   = "./modules/fn"
          for_each = local.functions
          name     = "orders-${each.key}"
          handler  = each.value.handler
          memory   = lookup(each.value, "memory", 512)
          env      = merge(local.common_env, { DD_LAMBDA_HANDLER = "${each.key}.main.handler", SERVICE = each.key })
          layers   = concat(var.shared_layers, [var.datadog_python, var.datadog_extension])
        }
        """.formatted(fns));
    Files.writeString(tf.resolve("variables.tf"), """
        variable "site" { default = "datadoghq.com" }
        variable "secret" { default = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf" }
        variable "shared_layers" { default = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:7"] }
        variable "datadog_python" { default = "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104" }
        variable "datadog_extension" { default = "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65" }
        """);
    Files.writeString(tf.resolve("modules/fn/main.tf"), """
        variable "name" {}
        variable "handler" {}
        variable "memory" { default = 512 }
        variable "env" { default = {} }
        variable "layers" { default = [] }

        resource "aws_lambda_function" "this" {
          function_name = var.name
          handler       = var.handler
          runtime       = "python3.12"
          memory_size   = var.memory
          timeout       = 30
          layers        = compact(var.layers)
          environment {
            variables = var.env
          }
        }
        """);
    StringBuilder sam = new StringBuilder("""
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: nodejs20.x
            Timeout: 30
            MemorySize: 512
            Layers:
              - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65
              - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Node20-x:120
            Environment:
              Variables:
                DD_API_KEY_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
        Resources:
        """);
    for (int i = 0; i < 15; i++) {
      boolean broken = i % 3 == 1;
      sam.append(String.format(Locale.ROOT, """
            Fn%02d:
              Type: AWS::Serverless::Function
              Properties:
                FunctionName: billing-%02d
                Handler: %s
                Environment:
                  Variables:
                    DD_LAMBDA_HANDLER: src/fn%02d.handler
                    DD_SITE: %s
          """, i, i, broken ? "src/fn" + i + ".handler" : "/opt/nodejs/node_modules/datadog-lambda-js/handler.handler",
          i, i == 4 ? "datadoghq.us" : "datadoghq.com"));
    }
    Files.writeString(repo.resolve("template.yaml"), sam);
    StringBuilder sls = new StringBuilder("""
        service: ledger
        provider:
          name: aws
          runtime: java21
          region: us-east-1
          memorySize: 1024
          timeout: 30
          environment:
            DD_API_KEY_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf
            AWS_LAMBDA_EXEC_WRAPPER: ${self:custom.wrapper}
          layers:
            - arn:aws:lambda:us-east-1:464622532012:layer:dd-trace-java:26
            - arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65
        custom:
          wrapper: /opt/datadog_wrapper
        functions:
        """);
    for (int i = 0; i < 15; i++) {
      sls.append(String.format(Locale.ROOT, "  entry%02d:%n    handler: dev.example.Entry%02d::handleRequest%n", i, i));
      if (i % 5 == 2) {
        sls.append("    architecture: arm64\n");
      }
    }
    Files.writeString(repo.resolve("serverless.yml"), sls);
  }

  /** For a look at the repository: {@code java DoctorBench$Generate DIR}. */
  public static final class Generate {
    public static void main(String[] args) throws IOException {
      Path dir = Path.of(args.length > 0 ? args[0] : "doctor-bench-repo");
      Files.createDirectories(dir);
      generate(dir);
      System.out.println("generated " + dir.toAbsolutePath() + " " + Arrays.toString(args));
    }
  }
}
