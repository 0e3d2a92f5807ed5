output "name" {
  value = google_container_cluster.this.name
}

output "id" {
  value = google_container_cluster.this.self_link
}

output "endpoint" {
  value = google_container_cluster.this.endpoint
}

output "cluster_ca_certificate" {
  value = google_container_cluster.this.master_auth[0].cluster_ca_certificate
}

output "kubernetes_version" {
  value = google_container_cluster.this.master_version
}

output "project" {
  value = google_container_cluster.this.project
}

output "location" {
  value = google_container_cluster.this.location
}
