# Reduced by the entry script to {endpoint, resource_id, kubernetes_version, console_url} for the workflow.

output "endpoint" {
  value = module.eks.endpoint
}

output "resource_id" {
  value = module.eks.arn
}

output "kubernetes_version" {
  value = module.eks.kubernetes_version
}

output "console_url" {
  value = "https://console.aws.amazon.com/eks/home?region=${var.region}#/clusters/${module.eks.name}"
}
