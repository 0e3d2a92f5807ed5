output "name" {
  value = module.eks.cluster_name
}

output "arn" {
  value = module.eks.cluster_arn
}

output "endpoint" {
  value = module.eks.cluster_endpoint
}

output "certificate_authority" {
  value = module.eks.cluster_certificate_authority_data
}

output "kubernetes_version" {
  value = module.eks.cluster_version
}
