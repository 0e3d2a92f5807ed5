# An AKS cluster with a system-assigned identity in a VNet made from vpc_cidr; the first node group is the system
# pool, the others are user pools. Its API server is reachable only from the blocks asked for and Skyport's runners
# (authorized IP ranges), or privately when there are none.

locals {
  public_api = length(var.api_cidrs) > 0
}

# The resource group the customer makes once and gives Skyport's custom role on (permissions/azure-role.json): every
# cluster goes there, so the service principal needs no right on the rest of the subscription. AKS makes each
# cluster's node resource group itself.
data "azurerm_resource_group" "this" {
  name = "skyport"
}

data "azurerm_client_config" "current" {}

resource "azurerm_virtual_network" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = data.azurerm_resource_group.this.name
  address_space       = [var.vpc_cidr]
  tags                = var.tags
}

resource "azurerm_subnet" "nodes" {
  name                 = "nodes"
  resource_group_name  = data.azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [length(var.private_subnet_cidrs) > 0 ? var.private_subnet_cidrs[0] : cidrsubnet(var.vpc_cidr, 4, 0)]
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = data.azurerm_resource_group.this.name
  dns_prefix          = var.name
  kubernetes_version  = var.kubernetes_version
  tags                = var.tags

  private_cluster_enabled = !local.public_api

  dynamic "api_server_access_profile" {
    for_each = local.public_api ? [var.api_cidrs] : []
    content {
      authorized_ip_ranges = api_server_access_profile.value
    }
  }

  default_node_pool {
    name    = substr(replace(var.node_groups[0].name, "-", ""), 0, 12)
    vm_size = var.node_groups[0].instance_type
    # A new instance type for the first node group (an update's change) rotates it through a temporary pool instead
    # of replacing the whole cluster.
    temporary_name_for_rotation = "skyportrot"
    auto_scaling_enabled        = true
    min_count                   = max(var.node_groups[0].min_size, 1)
    max_count                   = max(var.node_groups[0].max_size, 1)
    node_count                  = max(var.node_groups[0].desired_size, 1)
    vnet_subnet_id              = azurerm_subnet.nodes.id
  }

  # People reach the API with Entra ID (kubelogin, as the kubeconfig of GET /clusters/{id}/kubeconfig does) and are
  # authorized by Azure RBAC: an "Azure Kubernetes Service RBAC ..." role on the cluster, given in Azure. The local
  # admin account stays for Terraform's own add-on installs (kube_admin_config), never for people.
  azure_active_directory_role_based_access_control {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    azure_rbac_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  for_each = { for group in slice(var.node_groups, 1, length(var.node_groups)) : group.name => group }

  name                  = substr(replace(each.key, "-", ""), 0, 12)
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  vm_size               = each.value.instance_type
  auto_scaling_enabled  = true
  min_count             = each.value.min_size
  max_count             = each.value.max_size
  node_count            = each.value.desired_size
  vnet_subnet_id        = azurerm_subnet.nodes.id
  tags                  = var.tags
}
