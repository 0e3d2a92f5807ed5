# Reduced by the entry script to {endpoint, resource_id, kubernetes_version, console_url, certificate_authority_data,
# cluster_name, location, resource_group, project} for the workflow (the same names in every stack; a stack leaves
# out what its provider has not). A kubeconfig is written from them: the CA is public, and no output is a credential.

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

output "certificate_authority_data" {
  value = module.eks.certificate_authority
}

# What `aws eks get-token --cluster-name` takes.
output "cluster_name" {
  value = module.eks.name
}

output "location" {
  value = var.region
}
