variable "addons" {
  type = list(string)
}

variable "cluster_name" {
  type = string
}
