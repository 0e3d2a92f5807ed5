# Skyport's EKS cluster: the network, the cluster and its node groups, then the add-ons.

terraform {
  required_version = ">= 1.10.0"

  # Configured at init by the entry script: bucket, key, region, use_lockfile (S3 native locking).
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.58.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "3.1.2"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, { "skyport-cluster" = var.cluster_id, "managed-by" = "skyport" })
  }
}

module "eks" {
  source = "../../modules/eks"

  name                 = var.name
  kubernetes_version   = var.kubernetes_version
  vpc_cidr             = var.vpc_cidr
  public_subnet_cidrs  = var.public_subnet_cidrs
  private_subnet_cidrs = var.private_subnet_cidrs
  node_groups          = var.node_groups
  api_cidrs            = local.api_cidrs
  admins               = var.api_access.admins
}

provider "helm" {
  kubernetes = {
    host                   = module.eks.endpoint
    cluster_ca_certificate = base64decode(module.eks.certificate_authority)
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.name, "--region", var.region]
    }
  }
}

module "addons" {
  source = "../../addons"

  addons       = var.addons
  cluster_name = module.eks.name
}
