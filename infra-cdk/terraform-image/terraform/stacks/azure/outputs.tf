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

# The provider marks the whole kube_config sensitive; its CA certificate is public, and `terraform output -json`
# gives a sensitive output's value all the same.
output "certificate_authority_data" {
  value     = module.aks.cluster_ca_certificate
  sensitive = true
}

output "cluster_name" {
  value = module.aks.name
}

output "resource_group" {
  value = module.aks.resource_group_name
}

output "location" {
  value = module.aks.location
}
