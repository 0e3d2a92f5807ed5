# The clusters API <-> Terraform contract: every field POST /clusters accepts is a variable here, with the same
# rule as the API (ClusterSpec). Each provider's root stack links this file.

variable "cluster_id" {
  description = "Skyport's id of the cluster (a UUID); names and tags the resources."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.cluster_id))
    error_message = "cluster_id must be a lower-case UUID."
  }
}

variable "name" {
  description = "The cluster's name: a DNS label of 3 to 40 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "region" {
  description = "The provider's region, from the catalogue."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+[a-z0-9-]*[0-9a-z]$", var.region))
    error_message = "region must be a provider region name such as eu-west-1, westeurope or europe-west1."
  }
}

variable "kubernetes_version" {
  description = "The Kubernetes minor version, from the catalogue."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.33."
  }
}

variable "vpc_cidr" {
  description = "The network's block: RFC 1918, from /16 to /24."
  type        = string

  validation {
    condition = (
      can(cidrhost(var.vpc_cidr, 0))
      && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)", var.vpc_cidr))
      && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24, false)
    )
    error_message = "vpc_cidr must be an RFC 1918 block from /16 to /24."
  }
}

variable "public_subnet_cidrs" {
  description = "Public subnets inside vpc_cidr; empty lets the module choose them with cidrsubnet()."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.public_subnet_cidrs) == 0 || (length(var.public_subnet_cidrs) >= 2 && alltrue([for c in var.public_subnet_cidrs : can(cidrhost(c, 0))]))
    error_message = "public_subnet_cidrs must be empty or at least two CIDR blocks."
  }
}

variable "private_subnet_cidrs" {
  description = "Private subnets inside vpc_cidr; empty lets the module choose them with cidrsubnet()."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.private_subnet_cidrs) == 0 || (length(var.private_subnet_cidrs) >= 2 && alltrue([for c in var.private_subnet_cidrs : can(cidrhost(c, 0))]))
    error_message = "private_subnet_cidrs must be empty or at least two CIDR blocks."
  }
}

variable "node_groups" {
  description = "One to five node groups."
  type = list(object({
    name          = string
    instance_type = string
    min_size      = number
    desired_size  = number
    max_size      = number
  }))

  validation {
    condition = (
      length(var.node_groups) >= 1 && length(var.node_groups) <= 5
      && alltrue([for g in var.node_groups : g.min_size >= 0 && g.min_size <= g.desired_size && g.desired_size <= g.max_size && g.max_size <= 100])
      && alltrue([for g in var.node_groups : can(regex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$", g.name))])
    )
    error_message = "node_groups: 1 to 5 groups, each named as a DNS label, with 0 <= min_size <= desired_size <= max_size <= 100."
  }
}

variable "addons" {
  description = "Add-ons to install with Helm, from the catalogue."
  type        = list(string)
  default     = []

  validation {
    condition = alltrue([for a in var.addons : contains([
      "metrics-server", "ingress-nginx", "cert-manager", "cluster-autoscaler",
      "jupyterhub", "mlflow", "airflow", "superset", "code-server",
    ], a)])
    error_message = "addons must come from the catalogue: metrics-server, ingress-nginx, cert-manager, cluster-autoscaler, jupyterhub, mlflow, airflow, superset, code-server."
  }
}

variable "tags" {
  description = "Tags (labels on GCP) put on every resource."
  type        = map(string)
  default     = {}

  validation {
    condition = (
      length(var.tags) <= 50
      && alltrue([for k, v in var.tags : can(regex("^[a-z][a-z0-9_-]{0,62}$", k)) && !startswith(k, "skyport") && can(regex("^[a-z0-9_-]{0,63}$", v))])
    )
    error_message = "tags: at most 50, keys of lower-case letters, digits, '_' or '-' (not starting with skyport), values likewise."
  }
}

variable "api_access" {
  description = "Who may reach the Kubernetes API: a public endpoint open to these blocks only (0.0.0.0/0 only when asked for explicitly), or a private one."
  type = object({
    public = bool
    cidrs  = list(string)
    # EKS only: IAM roles or users made cluster administrators (AKS and GKE stacks take none).
    admins = optional(list(string), [])
  })
  default = { public = false, cidrs = [], admins = [] }

  validation {
    condition = (
      length(var.api_access.cidrs) <= 20
      && alltrue([for c in var.api_access.cidrs : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])
      && (var.api_access.public || length(var.api_access.cidrs) == 0)
      && (!var.api_access.public || length(var.api_access.cidrs) > 0)
    )
    error_message = "api_access: a public endpoint names 1 to 20 IPv4 blocks; a private one names none."
  }

  validation {
    condition = (
      length(var.api_access.admins) <= 10
      && alltrue([for a in var.api_access.admins : can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@/_-]{1,512}$", a))])
    )
    error_message = "api_access.admins: at most 10 IAM role or user ARNs."
  }
}

variable "runner_cidrs" {
  description = "Where Skyport's Terraform runs come from (their fixed egress address): the API is open to them too, so a run can install the add-ons."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.runner_cidrs) <= 4 && alltrue([for c in var.runner_cidrs : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c)) && !endswith(c, "/0")])
    error_message = "runner_cidrs: at most 4 IPv4 blocks, none of them 0.0.0.0/0."
  }
}
