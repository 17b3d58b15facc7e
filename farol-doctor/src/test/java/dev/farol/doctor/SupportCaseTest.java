package dev.farol.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import dev.farol.findings.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The case Farol exists for, in each input format: a FastAPI app behind Mangum, Datadog's extension and
 * Python layers attached, the handler still on the Mangum object. The top finding is "handler is not
 * wrapped", naming Mangum, with the fix; applying the fix leaves nothing to report; the correctly
 * instrumented variants give no finding.
 */
class SupportCaseTest {
  static final String MANGUM_HANDLER = "loan_core.modules.econsignado.installments.lambda.handler_installment_payment_transfers";

  @ParameterizedTest
  @CsvSource({
      "terraform, terraform/main.tf, 13, module.lambda.lambda_handler",
      "sam/template.yaml, sam/template.yaml, 30, Resources.InstallmentPaymentTransfers.Properties.Handler",
      "serverless/serverless.yml, serverless/serverless.yml, 30, functions.installment-payment-transfers.handler",
      "deployed/function-configuration.json, deployed/function-configuration.json, 6, $.Handler"})
  void unwrappedMangumHandler_isTheTopFinding_withTheFix(String input, String file, int line, String path,
      @TempDir Path dir) throws Exception {
    Path repo = Examine.copy("support-case", dir);
    Report r = Examine.run(repo, input, "app");

    assertThat(r.exitStatus()).isEqualTo(1);
    assertThat(r.functions()).hasSize(1);
    Finding top = r.findings().get(0);
    assertThat(top.code()).isEqualTo(Code.H001);
    assertThat(top.severity()).isEqualTo(Severity.ERROR);
    assertThat(top.function()).isEqualTo("installment-payment-transfers");
    assertThat(top.evidence().file()).isEqualTo(file);
    assertThat(top.evidence().line()).isEqualTo(line);
    assertThat(top.evidence().path()).isEqualTo(path);
    assertThat(top.message()).contains("Mangum adapter", "app/loan_core/modules/econsignado/installments/lambda.py:10",
        "datadog_lambda.handler.handler", "Datadog-Python312");
    assertThat(top.why()).contains("Not sending cold start span because trace ID is unset");
    assertThat(top.fix().diff()).contains("+", "datadog_lambda.handler.handler", "DD_LAMBDA_HANDLER")
        .startsWith("@@ " + file + ":" + (file.endsWith(".yml") ? line - 1 : line) + " @@");
    assertThat(r.findings()).allMatch(f -> f.code() == Code.H001);

    Patch.apply(repo, top.fix());
    Report fixed = Examine.run(repo, input, "app");
    assertThat(fixed.findings()).isEmpty();
    assertThat(fixed.exitStatus()).isZero();
    assertThat(fixed.functions().get(0).handler().value()).isEqualTo("datadog_lambda.handler.handler");
    // the real handler as each format wrote it (serverless.yml writes the module path with slashes)
    assertThat(fixed.functions().get(0).env().get("DD_LAMBDA_HANDLER").value().replace('/', '.'))
        .isEqualTo(MANGUM_HANDLER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"terraform-fixed", "sam/template-fixed.yaml", "serverless-fixed/serverless.yml",
      "deployed/function-configuration-fixed.json"})
  void correctlyInstrumentedVariants_giveNoFinding(String input, @TempDir Path dir) throws Exception {
    Path repo = Examine.copy("support-case", dir);
    Report r = Examine.run(repo, input, "app");

    assertThat(r.errors()).isEmpty();
    assertThat(r.functions()).extracting(f -> f.name()).containsExactly("installment-payment-transfers");
    assertThat(r.findings()).isEmpty();
    assertThat(r.exitStatus()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"terraform", "deployed/function-configuration.json"})
  void withoutTheApplicationsSource_theFindingStands_andSaysTheSourceWasNotSeen(String input, @TempDir Path dir)
      throws Exception {
    Path repo = Examine.copy("support-case", dir);
    Files.walk(repo.resolve("app")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

    Report r = Examine.run(repo, input);

    Finding top = r.findings().get(0);
    assertThat(top.code()).isEqualTo(Code.H001);
    assertThat(top.message()).doesNotContain("Mangum").contains("the application's own handler",
        "The handler's source was not found");
  }
}
