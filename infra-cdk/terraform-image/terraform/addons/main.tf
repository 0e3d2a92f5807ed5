# The add-ons of the catalogue, each optional, each a Helm chart at a pinned version (the versions the clusters
# API's catalogue shows).

terraform {
  required_providers {
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
  }
}

locals {
  catalogue = {
    "metrics-server" = {
      repository = "https://kubernetes-sigs.github.io/metrics-server/"
      chart      = "metrics-server"
      version    = "3.12.2"
      namespace  = "kube-system"
      values     = {}
    }
    "ingress-nginx" = {
      repository = "https://kubernetes.github.io/ingress-nginx"
      chart      = "ingress-nginx"
      version    = "4.12.1"
      namespace  = "ingress-nginx"
      values     = {}
    }
    "cert-manager" = {
      repository = "https://charts.jetstack.io"
      chart      = "cert-manager"
      version    = "v1.17.1"
      namespace  = "cert-manager"
      values     = { "crds.enabled" = "true" }
    }
    "cluster-autoscaler" = {
      repository = "https://kubernetes.github.io/autoscaler"
      chart      = "cluster-autoscaler"
      version    = "9.46.6"
      namespace  = "kube-system"
      values     = { "autoDiscovery.clusterName" = var.cluster_name }
    }
  }
}

resource "helm_release" "addon" {
  for_each = { for name in var.addons : name => local.catalogue[name] }

  name             = each.key
  repository       = each.value.repository
  chart            = each.value.chart
  version          = each.value.version
  namespace        = each.value.namespace
  create_namespace = true
  set              = [for key, value in each.value.values : { name = key, value = value }]
}
