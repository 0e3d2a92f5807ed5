# Skyport's GKE cluster: a VPC-native network, the cluster (default pool removed) and its node pools, then the
# add-ons.

terraform {
  required_version = ">= 1.10.0"

  # Configured at init by the entry script: bucket, prefix.
  backend "gcs" {}

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "6.50.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "3.1.2"
    }
  }
}

# GOOGLE_CREDENTIALS (the service account's key) and GOOGLE_PROJECT (the key's project) come from the environment.
provider "google" {
  region = var.region
}

module "gke" {
  source = "../../modules/gke"

  name                 = var.name
  region               = var.region
  kubernetes_version   = var.kubernetes_version
  vpc_cidr             = var.vpc_cidr
  private_subnet_cidrs = var.private_subnet_cidrs
  node_groups          = var.node_groups
  api_cidrs            = local.api_cidrs
  labels               = merge(var.tags, { "skyport-cluster" = var.cluster_id, "managed-by" = "skyport" })
}

data "google_client_config" "current" {}

provider "helm" {
  kubernetes = {
    host                   = "https://${module.gke.endpoint}"
    token                  = data.google_client_config.current.access_token
    cluster_ca_certificate = base64decode(module.gke.cluster_ca_certificate)
  }
}

module "addons" {
  source = "../../addons"

  addons       = var.addons
  cluster_name = module.gke.name
}
