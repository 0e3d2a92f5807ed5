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

output "certificate_authority_data" {
  value = module.gke.cluster_ca_certificate
}

output "cluster_name" {
  value = module.gke.name
}

output "project" {
  value = module.gke.project
}

output "location" {
  value = module.gke.location
}
