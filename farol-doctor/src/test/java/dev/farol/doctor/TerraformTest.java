package dev.farol.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading functions out of Terraform: what is evaluated, what stays symbolic, and where values are written. */
class TerraformTest {
  @TempDir
  Path dir;

  private void write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private FunctionDef fn(Report r, String name) {
    return r.functions().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no function " + name + " in " + r.functions().stream()
            .map(FunctionDef::name).toList() + " " + r.errors()));
  }

  @Test
  void forEachOverAMap_makesOneFunctionPerKey_withEachKeyAndValue_mergeConcatCompactLookup() throws Exception {
    write("main.tf", """
        locals {
          common = { DD_SITE = "datadoghq.eu", DD_ENV = terraform.workspace }
          functions = {
            payments = { handler = "payments.handler", memory = 512 }
            ledger   = { handler = "ledger.handler" }
          }
        }

        resource "aws_lambda_function" "fn" {
          for_each      = local.functions
          function_name = "${var.prefix}-${each.key}"
          handler       = each.value.handler
          runtime       = "python3.12"
          memory_size   = lookup(each.value, "memory", 256)
          layers        = compact(concat(var.extra_layers, [var.extension, ""]))
          role          = data.aws_iam_role.shared.arn

          environment {
            variables = merge(local.common, { SERVICE = each.key })
          }
        }
        """);
    write("variables.tf", """
        variable "prefix" { default = "loan" }
        variable "extra_layers" {
          type    = list(string)
          default = ["arn:aws:lambda:eu-west-1:123456789012:layer:deps:4"]
        }
        variable "extension" { default = "arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:65" }
        """);

    Report r = Examine.run(dir);

    assertThat(r.errors()).isEmpty();
    assertThat(r.functions()).extracting(FunctionDef::name).containsExactly("loan-payments", "loan-ledger");
    FunctionDef payments = fn(r, "loan-payments");
    assertThat(payments.handler().value()).isEqualTo("payments.handler");
    assertThat(payments.handler().site().line()).isEqualTo(4);
    assertThat(payments.memory().value()).isEqualTo("512");
    assertThat(fn(r, "loan-ledger").memory().value()).isEqualTo("256");
    assertThat(payments.layers().items()).extracting(Val::value).containsExactly(
        "arn:aws:lambda:eu-west-1:123456789012:layer:deps:4",
        "arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:65");
    assertThat(payments.env().get("DD_SITE").value()).isEqualTo("datadoghq.eu");
    assertThat(payments.env().get("DD_SITE").site().line()).isEqualTo(2);
    assertThat(payments.env().get("DD_ENV").symbolic()).isTrue();
    assertThat(payments.env().get("DD_ENV").text()).isEqualTo("terraform.workspace");
    assertThat(payments.env().get("SERVICE").value()).isEqualTo("payments");
    assertThat(payments.site().path()).isEqualTo("aws_lambda_function.fn[\"payments\"]");
    assertThat(payments.policies().complete()).isFalse();
  }

  @Test
  void tfvarsAutoTfvarsVarFilesAndVars_winInTerraformsOrder() throws Exception {
    write("main.tf", """
        resource "aws_lambda_function" "fn" {
          function_name = var.name
          handler       = var.handler
          runtime       = var.runtime
          timeout       = var.timeout
        }
        """);
    write("variables.tf", """
        variable "name" { default = "from-default" }
        variable "handler" { default = "default.handler" }
        variable "runtime" { default = "python3.11" }
        variable "timeout" { default = 3 }
        """);
    write("terraform.tfvars", "name = \"from-tfvars\"\nhandler = \"tfvars.handler\"\n");
    write("b.auto.tfvars", "handler = \"auto.handler\"\nruntime = \"python3.12\"\n");
    write("env/prod.tfvars", "runtime = \"python3.13\"\n");

    Report r = Examine.run(dir, Map.of("timeout", "30"), List.of("env/prod.tfvars"), ".");

    FunctionDef f = fn(r, "from-tfvars");
    assertThat(f.handler().value()).isEqualTo("auto.handler");
    assertThat(f.handler().site().shown()).isEqualTo("b.auto.tfvars");
    assertThat(f.runtime().value()).isEqualTo("python3.13");
    assertThat(f.runtime().site().shown()).isEqualTo("env/prod.tfvars");
    assertThat(f.timeout().value()).isEqualTo("30");
  }

  @Test
  void whatTheFilesCannotTell_staysSymbolic_andIsNeverGuessed() throws Exception {
    write("main.tf", """
        data "aws_ssm_parameter" "handler" { name = "/payments/handler" }

        module "layers" {
          source  = "terraform-aws-modules/lambda/aws"
          version = "7.2.0"
        }

        resource "aws_lambda_function" "fn" {
          function_name = "payments-${terraform.workspace}"
          handler       = data.aws_ssm_parameter.handler.value
          runtime       = "python3.12"
          layers        = [module.layers.lambda_layer_arn, "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104"]
        }
        """);

    Report r = Examine.run(dir);

    FunctionDef f = r.functions().get(0);
    assertThat(f.name()).isEqualTo("aws_lambda_function.fn");
    assertThat(f.handler().symbolic()).isTrue();
    assertThat(f.handler().text()).isEqualTo("data.aws_ssm_parameter.handler.value");
    assertThat(f.layers().items().get(0).text()).isEqualTo("module.layers.lambda_layer_arn");
    assertThat(Examine.only(r, Code.I001).message()).contains("data.aws_ssm_parameter.handler.value",
        "cannot be known from the files");
  }

  @Test
  void localModules_areFollowedInto_andTheirCallersArgumentsAreWhereValuesAreWritten() throws Exception {
    write("main.tf", """
        module "api" {
          source         = "./modules/fn"
          name           = "api"
          lambda_handler = "app.main.handler"
          env_vars       = { DD_SITE = "us5.datadoghq.com" }
        }
        """);
    write("modules/fn/main.tf", """
        variable "name" {}
        variable "lambda_handler" {}
        variable "env_vars" { default = {} }
        variable "runtime" { default = "python3.12" }

        resource "aws_lambda_function" "this" {
          function_name = var.name
          handler       = var.lambda_handler
          runtime       = var.runtime
          environment {
            variables = merge({ LOG_LEVEL = "INFO" }, var.env_vars)
          }
        }
        output "arn" { value = aws_lambda_function.this.arn }
        """);

    Report r = Examine.run(dir);

    assertThat(r.functions()).hasSize(1);
    FunctionDef f = fn(r, "api");
    assertThat(f.handler().site().shown()).isEqualTo("main.tf");
    assertThat(f.handler().site().line()).isEqualTo(4);
    assertThat(f.handler().site().path()).isEqualTo("module.api.lambda_handler");
    // not passed by the caller: the place to set it for this function is a new argument of the call
    assertThat(f.runtime().value()).isEqualTo("python3.12");
    assertThat(f.runtime().site().shown()).isEqualTo("main.tf");
    assertThat(f.runtime().site().kind()).isEqualTo(dev.farol.doctor.model.Site.Kind.INSERT);
    assertThat(f.runtime().site().shownPath()).isEqualTo("module.api.runtime");
    assertThat(f.env().vars()).containsOnlyKeys("LOG_LEVEL", "DD_SITE");
    assertThat(f.env().site().shown()).isEqualTo("main.tf");
    assertThat(f.site().path()).isEqualTo("module.api.aws_lambda_function.this");
  }

  @Test
  void theDatadogModule_wrapsTheHandler_andAddsItsLayers() throws Exception {
    write("main.tf", """
        module "lambda-datadog" {
          source  = "DataDog/lambda-datadog/aws"
          version = "4.6.0"

          function_name = "orders"
          handler       = "app.handler"
          runtime       = "python3.12"
          architectures = ["arm64"]
          memory_size   = 512
          timeout       = 30
          environment_variables = {
            "DD_API_KEY_SECRET_ARN" : "arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf"
            "DD_ENV" : "dev"
          }
          datadog_python_layer_version    = 127
          datadog_extension_layer_version = 99
        }
        """);

    Report r = Examine.run(dir);

    FunctionDef f = fn(r, "orders");
    assertThat(f.instrumentations()).extracting(i -> i.by()).containsExactly(
        "Datadog's Terraform module (DataDog/lambda-datadog/aws)");
    assertThat(f.handler().value()).isEqualTo("datadog_lambda.handler.handler");
    assertThat(f.env().get("DD_LAMBDA_HANDLER").value()).isEqualTo("app.handler");
    assertThat(f.env().get("DD_SITE").value()).isEqualTo("datadoghq.com");
    assertThat(f.env().get("DD_ENV").value()).isEqualTo("dev");
    assertThat(f.layers().items()).extracting(Val::text).containsExactly(
        "arn:aws:lambda:${data.aws_region.current.region}:464622532012:layer:Datadog-Python312-ARM:127",
        "arn:aws:lambda:${data.aws_region.current.region}:464622532012:layer:Datadog-Extension-ARM:99");
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void aRemoteModule_isReadByTheArgumentsItIsPassed() throws Exception {
    write("main.tf", """
        module "worker" {
          source        = "terraform-aws-modules/lambda/aws"
          version       = "7.2.0"
          function_name = "worker"
          handler       = "worker.handler"
          runtime       = "python3.12"
          layers        = ["arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104",
                           "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65"]
          environment_variables = { DD_API_KEY_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf" }
        }
        """);

    Report r = Examine.run(dir);

    assertThat(Examine.only(r, Code.H001).evidence().path()).isEqualTo("module.worker.handler");
    assertThat(Examine.only(r, Code.H001).fix().diff()).contains("-  handler       = \"worker.handler\"",
        "+  handler       = \"datadog_lambda.handler.handler\"",
        "DD_LAMBDA_HANDLER = \"worker.handler\" }");
  }

  @Test
  void syntaxErrors_nameFileLineAndColumn_andOtherInputsAreStillRead() throws Exception {
    write("broken/main.tf", "resource \"aws_lambda_function\" \"x\" {\n  handler = \n}\n");
    write("ok/main.tf", "resource \"aws_lambda_function\" \"y\" {\n  function_name = \"y\"\n  handler = \"a.b\"\n"
        + "  runtime = \"python3.12\"\n}\n");

    Report r = Examine.run(dir);

    assertThat(r.errors()).containsExactly("cannot read broken/main.tf:2:13: expected an expression after \"=\", found a newline");
    assertThat(r.functions()).extracting(FunctionDef::name).containsExactly("y");
    assertThat(r.exitStatus()).isEqualTo(2);
  }

  @Test
  void iamPolicies_inTheFiles_areChecked_forTheApiKeysSecret() throws Exception {
    write("main.tf", """
        resource "aws_iam_role" "fn" {
          name               = "fn"
          assume_role_policy = "{}"
        }
        resource "aws_iam_role_policy_attachment" "logs" {
          role       = aws_iam_role.fn.name
          policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        }
        resource "aws_iam_role_policy" "read" {
          role   = aws_iam_role.fn.id
          policy = data.aws_iam_policy_document.read.json
        }
        data "aws_iam_policy_document" "read" {
          statement {
            actions   = ["secretsmanager:GetSecretValue"]
            resources = [var.allowed]
          }
        }
        variable "allowed" {}
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
          role          = aws_iam_role.fn.arn
          handler       = "datadog_lambda.handler.handler"
          runtime       = "python3.12"
          timeout       = 30
          memory_size   = 1024
          layers = ["arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104",
                    "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65"]
          environment {
            variables = {
              DD_LAMBDA_HANDLER     = "app.handler"
              DD_API_KEY_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf"
            }
          }
        }
        """);

    Report denied = Examine.run(dir, Map.of("allowed", "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-*"),
        List.of(), ".");
    assertThat(Examine.codes(denied)).containsExactly(Code.D004);
    Patch.apply(dir, Examine.only(denied, Code.D004).fix());
    assertThat(Examine.codes(Examine.run(dir, Map.of("allowed",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-*"), List.of(), "."))).as("after the fix").isEmpty();
    assertThat(Examine.codes(Examine.run(dir, Map.of("allowed",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-*"), List.of(), "."))).isEmpty();
  }
}
