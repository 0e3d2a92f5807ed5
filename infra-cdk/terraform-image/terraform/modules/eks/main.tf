# An EKS cluster in a VPC of its own, from the community modules (exact versions), with managed node groups and
# access for the customer's own principal (the one whose credentials ran Terraform), not only for the role that made
# it. Everything it makes fits the customer's Skyport policies (permissions/aws-skyport.template.json): the cluster
# is named skyport-<name>, every IAM role and policy skyport-*, every role carries the skyport-boundary, and the
# provider tags every resource managed-by = skyport.

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  # The boundary the customer's template makes (its ManagedPolicyName); the policies refuse a role without it.
  permissions_boundary = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:policy/skyport-boundary"
  cluster_name         = "skyport-${var.name}"
  public_api           = length(var.api_cidrs) > 0
  azs                  = slice(data.aws_availability_zones.available.names, 0, 2)
  # Subnets Skyport chooses when none are given: /4 more than the VPC for private, /8 more for public.
  private_subnets = length(var.private_subnet_cidrs) > 0 ? var.private_subnet_cidrs : [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets  = length(var.public_subnet_cidrs) > 0 ? var.public_subnet_cidrs : [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, 48 + i)]
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name            = local.cluster_name
  cidr            = var.vpc_cidr
  azs             = local.azs
  private_subnets = local.private_subnets
  public_subnets  = local.public_subnets

  enable_nat_gateway = true
  single_nat_gateway = true

  # AWS makes a VPC's default network ACL, route table and security group untagged: Skyport's policies may not
  # retag or change what is not tagged managed-by = skyport, so the module leaves them as AWS made them.
  manage_default_network_acl    = false
  manage_default_route_table    = false
  manage_default_security_group = false

  # Where Kubernetes puts load balancers.
  public_subnet_tags  = { "kubernetes.io/role/elb" = 1 }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = 1 }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.19.0"

  name               = local.cluster_name
  kubernetes_version = var.kubernetes_version

  # Every IAM name starts with "skyport-", so the cloud account's policies (permissions/aws-skyport.template.json) keep
  # Skyport's runs to roles and policies of their own. Full names rather than prefixes: a role name prefix may
  # have at most 38 characters, and cluster names have up to 40.
  iam_role_name                     = "skyport-${var.name}-cluster"
  iam_role_use_name_prefix          = false
  iam_role_permissions_boundary     = local.permissions_boundary
  encryption_policy_name            = "skyport-${var.name}-encryption"
  encryption_policy_use_name_prefix = false

  # The applications of the catalogue keep data on volumes: the EBS CSI driver (credentials through EKS Pod
  # Identity) and its gp3 StorageClass as the default, which EKS no longer provides.
  addons = {
    eks-pod-identity-agent = { before_compute = true }
    aws-ebs-csi-driver = {
      pod_identity_association = [{ role_arn = aws_iam_role.ebs_csi.arn, service_account = "ebs-csi-controller-sa" }]
      configuration_values     = jsonencode({ defaultStorageClass = { enabled = true } })
    }
  }

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  # The API's private endpoint is always on; the public one is open only to the blocks asked for and to Skyport's
  # runners (which install the add-ons), never to the whole internet unless asked for.
  endpoint_private_access      = true
  endpoint_public_access       = local.public_api
  endpoint_public_access_cidrs = local.public_api ? var.api_cidrs : null
  # The module's own creator entry would name the same principal as "customer" below (the identity that runs
  # Terraform: the customer's IAM user, or the customer's role Skyport assumed), and EKS refuses a second access
  # entry for one principal. The explicit entry says what it is for.
  enable_cluster_creator_admin_permissions = false

  # The person's own administrators (api_access.admins), keyed by their ARN so that reordering changes nothing; one
  # that is the customer's own principal is left out (EKS takes one entry per principal).
  access_entries = merge({
    customer = {
      principal_arn = data.aws_iam_session_context.current.issuer_arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    }, {
    for arn in var.admins : "admin-${substr(sha1(arn), 0, 12)}" => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    } if arn != data.aws_iam_session_context.current.issuer_arn
  })

  eks_managed_node_groups = {
    for group in var.node_groups : group.name => {
      # Unique per cluster and group, and short enough for IAM whatever the two names are.
      iam_role_name                 = "skyport-${substr(sha1("${var.name}/${group.name}"), 0, 16)}-nodes"
      iam_role_use_name_prefix      = false
      iam_role_permissions_boundary = local.permissions_boundary
      instance_types                = [group.instance_type]
      min_size                      = group.min_size
      desired_size                  = group.desired_size
      max_size                      = group.max_size
    }
  }
}

# The EBS CSI driver's controller assumes this role through EKS Pod Identity.
resource "aws_iam_role" "ebs_csi" {
  name                 = "skyport-${var.name}-ebs-csi"
  permissions_boundary = local.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  role       = aws_iam_role.ebs_csi.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}
