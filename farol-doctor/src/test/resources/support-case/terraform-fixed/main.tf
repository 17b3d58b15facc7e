module "lambda_layer" {
  source     = "../terraform/modules/lambda_layer"
  name       = "${local.service}-dependencies"
  source_dir = "${path.module}/../app-layer"
  runtimes   = [var.runtime]
}

module "lambda" {
  source = "../terraform/modules/lambda"

  function_name  = "installment-payment-transfers"
  description    = "Installment payment transfers (FastAPI behind Mangum)"
  lambda_handler = "datadog_lambda.handler.handler"
  runtime        = var.runtime
  memory_size    = 1024
  timeout        = 30
  source_path    = "${path.module}/../app"

  environment_variables = {
    DD_API_KEY_SECRET_ARN = var.datadog_api_key_secret_arn
    DD_SITE               = "datadoghq.com"
    DD_ENV                = terraform.workspace
    DD_SERVICE            = local.service
    DD_VERSION            = var.app_version
    DD_LAMBDA_HANDLER     = "loan_core.modules.econsignado.installments.lambda.handler_installment_payment_transfers"
  }

  layers = [
    module.lambda_layer.arn,
    var.datadog_extension_layer_arn,
    var.datadog_python_layer_arn,
  ]

  secret_arns = [var.datadog_api_key_secret_arn]
  tags        = local.tags
}
