# Skyport's AKS cluster: a resource group and a VNet, the cluster and its node pools, then the add-ons.

terraform {
  required_version = ">= 1.10.0"

  # Configured at init by the entry script: storage_account_name, container_name, key, use_azuread_auth.
  backend "azurerm" {}

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "4.81.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "3.1.2"
    }
  }
}

# ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_SUBSCRIPTION_ID come from the environment.
provider "azurerm" {
  features {}
}

module "aks" {
  source = "../../modules/aks"

  name                 = var.name
  location             = var.region
  kubernetes_version   = var.kubernetes_version
  vpc_cidr             = var.vpc_cidr
  private_subnet_cidrs = var.private_subnet_cidrs
  node_groups          = var.node_groups
  api_cidrs            = local.api_cidrs
  tags                 = merge(var.tags, { "skyport-cluster" = var.cluster_id, "managed-by" = "skyport" })
}

provider "helm" {
  kubernetes = {
    host                   = module.aks.endpoint
    client_certificate     = base64decode(module.aks.client_certificate)
    client_key             = base64decode(module.aks.client_key)
    cluster_ca_certificate = base64decode(module.aks.cluster_ca_certificate)
  }
}

module "addons" {
  source = "../../addons"

  addons       = var.addons
  cluster_name = module.aks.name
}
