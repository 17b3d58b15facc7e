variable "name" {
  type = string
}

variable "source_dir" {
  type = string
}

variable "runtimes" {
  type = list(string)
}
