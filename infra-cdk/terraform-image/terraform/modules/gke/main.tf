# A VPC-native GKE cluster in a network of its own: the default node pool is removed, each node group is a node
# pool, and deletion protection is off so that destroy works. Its nodes are private (no external address; Cloud NAT
# takes them out) and run as a service account of their own with the roles GKE's nodes need, not as the project's
# default compute account: skyport-nodes, which the customer makes once with the roles a node needs (README), so a
# run grants no IAM role itself; its control plane is reachable only from the blocks asked for and Skyport's
# runners.

locals {
  public_api = length(var.api_cidrs) > 0
}

# The customer makes it once (README, "Connect a cloud account") with what a node needs: write logs and metrics, read
# its metadata, pull images.
data "google_service_account" "nodes" {
  account_id = "skyport-nodes"
}

resource "google_compute_router" "this" {
  name    = "${var.name}-nat"
  region  = var.region
  network = google_compute_network.this.id
}

resource "google_compute_router_nat" "this" {
  name                               = "${var.name}-nat"
  router                             = google_compute_router.this.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
}

resource "google_compute_network" "this" {
  name                    = var.name
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "nodes" {
  name          = "${var.name}-nodes"
  region        = var.region
  network       = google_compute_network.this.id
  ip_cidr_range = length(var.private_subnet_cidrs) > 0 ? var.private_subnet_cidrs[0] : cidrsubnet(var.vpc_cidr, 4, 0)

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = "100.64.0.0/14"
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = "100.68.0.0/20"
  }
}

resource "google_container_cluster" "this" {
  name                = var.name
  location            = var.region
  network             = google_compute_network.this.id
  subnetwork          = google_compute_subnetwork.nodes.id
  min_master_version  = var.kubernetes_version
  deletion_protection = false
  resource_labels     = var.labels

  remove_default_node_pool = true
  initial_node_count       = 1

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = !local.public_api
    master_ipv4_cidr_block  = "172.16.0.16/28"
  }

  master_authorized_networks_config {
    dynamic "cidr_blocks" {
      for_each = var.api_cidrs
      content {
        cidr_block   = cidr_blocks.value
        display_name = "skyport-${cidr_blocks.key}"
      }
    }
  }

  networking_mode = "VPC_NATIVE"
  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }
}

resource "google_container_node_pool" "groups" {
  for_each = { for group in var.node_groups : group.name => group }

  name               = each.key
  location           = var.region
  cluster            = google_container_cluster.this.name
  initial_node_count = each.value.desired_size

  autoscaling {
    min_node_count = each.value.min_size
    max_node_count = each.value.max_size
  }

  node_config {
    machine_type    = each.value.instance_type
    labels          = var.labels
    service_account = data.google_service_account.nodes.email
    # With an account of its own, IAM decides what a node may do; the scope only does not narrow it further.
    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]
  }

}
