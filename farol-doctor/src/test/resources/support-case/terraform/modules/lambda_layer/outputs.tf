output "arn" {
  value = aws_lambda_layer_version.this.arn
}
