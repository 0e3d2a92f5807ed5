variable "name" {
  type = string
}

variable "kubernetes_version" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "public_subnet_cidrs" {
  type = list(string)
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
    condition     = alltrue([for g in var.node_groups : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", g.instance_type))])
    error_message = "instance_type must be an EC2 instance type such as m6i.large."
  }
}

variable "admins" {
  description = "IAM roles or users of the person's own that the cluster makes administrators (access entries)."
  type        = list(string)
  default     = []
}

variable "api_cidrs" {
  description = "Who may reach the Kubernetes API (the stack's api_access and runner_cidrs); none: private only."
  type        = list(string)
}
