output "endpoint" {
  value = module.aks.endpoint
}

output "resource_id" {
  value = module.aks.id
}

output "kubernetes_version" {
  value = module.aks.kubernetes_version
}

output "console_url" {
  value = "https://portal.azure.com/#resource${module.aks.id}/overview"
}
