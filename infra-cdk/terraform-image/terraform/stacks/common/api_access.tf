# Who reaches each cluster's Kubernetes API, the same for every provider: the blocks asked for, and Skyport's
# runners, which install the add-ons. None: a private endpoint only. Each provider's root stack links this file.

locals {
  api_cidrs = distinct(concat(var.api_access.cidrs, var.runner_cidrs))
}
