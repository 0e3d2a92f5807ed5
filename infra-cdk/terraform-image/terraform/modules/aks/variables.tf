variable "name" {
  type = string
}

variable "location" {
  type = string
}

variable "kubernetes_version" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "private_subnet_cidrs" {
  type = list(string)
}

variable "node_groups" {
  type = list(object({
    name          = string
    instance_type = string
    min_size      = number
    desired_size  = number
    max_size      = number
  }))

  validation {
    condition     = alltrue([for g in var.node_groups : can(regex("^Standard_[A-Za-z0-9_]+$", g.instance_type))])
    error_message = "instance_type must be an Azure VM size such as Standard_D4s_v5."
  }
}

variable "tags" {
  type = map(string)
}

variable "api_cidrs" {
  description = "Who may reach the Kubernetes API (the stack's api_access and runner_cidrs); none: private only."
  type        = list(string)
}
