locals {
  service = "loan-core"
  tags = {
    team    = "econsignado"
    service = local.service
  }
}
