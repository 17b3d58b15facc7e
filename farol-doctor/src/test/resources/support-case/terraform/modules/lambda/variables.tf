variable "function_name" {
  type = string
}

variable "description" {
  type    = string
  default = ""
}

variable "lambda_handler" {
  type        = string
  description = "The function's entry point, module.attribute."
}

variable "runtime" {
  type = string
}

variable "architecture" {
  type    = string
  default = "x86_64"
}

variable "memory_size" {
  type    = number
  default = 512
}

variable "timeout" {
  type    = number
  default = 15
}

variable "source_path" {
  type = string
}

variable "environment_variables" {
  type    = map(string)
  default = {}
}

variable "layers" {
  type    = list(string)
  default = []
}

variable "tracing_mode" {
  type    = string
  default = null
}

variable "secret_arns" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
