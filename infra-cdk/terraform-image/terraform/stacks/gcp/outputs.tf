output "endpoint" {
  value = "https://${module.gke.endpoint}"
}

output "resource_id" {
  value = module.gke.id
}

output "kubernetes_version" {
  value = module.gke.kubernetes_version
}

output "console_url" {
  value = "https://console.cloud.google.com/kubernetes/clusters/details/${var.region}/${module.gke.name}/details"
}
