variable "runtime" {
  type    = string
  default = "python3.12"
}

variable "app_version" {
  type        = string
  description = "The release being deployed; set by the pipeline."
}

variable "datadog_api_key_secret_arn" {
  type    = string
  default = "arn:aws:secretsmanager:us-east-1:123456789012:secret:datadog-api-key-AbCdEf"
}

variable "datadog_extension_layer_arn" {
  type    = string
  default = "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65"
}

variable "datadog_python_layer_arn" {
  type    = string
  default = "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104"
}
