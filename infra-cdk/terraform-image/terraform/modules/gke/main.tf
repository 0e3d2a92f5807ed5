# A VPC-native GKE cluster in a network of its own: the default node pool is removed, each node group is a node
# pool, and deletion protection is off so that destroy works.

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
    machine_type = each.value.instance_type
    labels       = var.labels
    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]
  }
}
