# A Lambda module in the style of the common registry modules, written for these tests.

locals {
  name_prefix = "${var.project}-${terraform.workspace}"

  common_env = {
    LOG_LEVEL    = "INFO"
    PROJECT      = var.project
    OTEL_SERVICE = local.name_prefix
  }

  functions = {
    api = {
      handler = "dev.farol.Api::handle"
      memory  = 1024
      layers  = ["arn:aws:lambda:eu-west-1:123:layer:otel:3"]
    }
    worker = {
      handler = "dev.farol.Worker::handle"
      timeout = 120
    }
  }

  layers = compact(concat(var.extra_layers, [
    var.enable_tracing ? "arn:aws:lambda:eu-west-1:123:layer:farol:1" : "",
    "",
  ]))
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${local.name_prefix}-${each.key}"
  handler       = each.value.handler
  runtime       = "java17"
  memory_size   = lookup(each.value, "memory", 512)
  timeout       = lookup(each.value, "timeout", 30)
  layers        = concat(local.layers, lookup(each.value, "layers", []))

  environment {
    variables = merge(local.common_env, var.extra_env, {
      AWS_LAMBDA_EXEC_WRAPPER = var.enable_tracing ? "/opt/farol-wrapper" : null
      FUNCTION                = each.key
    })
  }

  dynamic "vpc_config" {
    for_each = var.subnet_ids == null ? [] : [true]
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = [aws_security_group.lambda.id]
    }
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-${each.key}" })
}

resource "aws_iam_role_policy" "logs" {
  name = "${local.name_prefix}-logs"
  role = aws_iam_role.lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [for fn in keys(local.functions) : "arn:aws:logs:*:*:log-group:/aws/lambda/${var.project}-${fn}:*"]
      },
    ]
  })
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "xray" {
  name   = "xray"
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": ["xray:PutTraceSegments"],
        "Resource": "${var.xray_resource}"
      }]
    }
    POLICY
}

output "function_arns" {
  value = { for k, fn in aws_lambda_function.this : k => fn.arn }
}
