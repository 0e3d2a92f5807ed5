# The add-ons of the catalogue, each optional, each a Helm chart at a pinned version (the versions the clusters
# API's catalogue shows): the cluster's own tooling, then the applications (JupyterHub, MLflow, Airflow, Superset,
# VS Code as code-server).
#
# Safe by default: every application's service is ClusterIP (reach it with kubectl port-forward, or ask for an
# ingress later), and every secret a chart needs is generated here, kept in the state, handed to Helm as a
# sensitive value and never output. The people who run the cluster read them from the cluster's Secrets.

terraform {
  required_providers {
    helm = {
      source  = "hashicorp/helm"
      version = "3.1.2"
    }
    random = {
      source  = "hashicorp/random"
      version = "3.9.0"
    }
  }
}

locals {
  # values: set as they are. secrets: the chart's value name -> how the secret is generated ("password": 40
  # letters and digits; "fernet": a Fernet key, base64 of 32 bytes).
  catalogue = {
    "metrics-server" = {
      repository = "https://kubernetes-sigs.github.io/metrics-server/"
      chart      = "metrics-server"
      version    = "3.12.2"
      namespace  = "kube-system"
      values     = {}
      secrets    = {}
    }
    "ingress-nginx" = {
      repository = "https://kubernetes.github.io/ingress-nginx"
      chart      = "ingress-nginx"
      version    = "4.12.1"
      namespace  = "ingress-nginx"
      values     = {}
      secrets    = {}
    }
    "cert-manager" = {
      repository = "https://charts.jetstack.io"
      chart      = "cert-manager"
      version    = "v1.17.1"
      namespace  = "cert-manager"
      values     = { "crds.enabled" = "true" }
      secrets    = {}
    }
    "cluster-autoscaler" = {
      repository = "https://kubernetes.github.io/autoscaler"
      chart      = "cluster-autoscaler"
      version    = "9.46.6"
      namespace  = "kube-system"
      values     = { "autoDiscovery.clusterName" = var.cluster_name }
      secrets    = {}
    }
    # Zero to JupyterHub. Its proxy is a LoadBalancer by default: ClusterIP here. Its default authenticator lets
    # anyone in with any password: one generated shared password instead (JupyterHub 5.3+'s shared-password).
    "jupyterhub" = {
      repository = "https://hub.jupyter.org/helm-chart/"
      chart      = "jupyterhub"
      version    = "4.3.3"
      namespace  = "jupyterhub"
      values = {
        "proxy.service.type"                        = "ClusterIP"
        "hub.config.JupyterHub.authenticator_class" = "shared-password"
      }
      secrets = { "hub.config.SharedPasswordAuthenticator.user_password" = "password" }
    }
    # The community chart: a tracking server with its SQLite store, no secret needed.
    "mlflow" = {
      repository = "https://community-charts.github.io/helm-charts"
      chart      = "mlflow"
      version    = "1.11.7"
      namespace  = "mlflow"
      values     = { "service.type" = "ClusterIP" }
      secrets    = {}
    }
    # The official Apache chart (Airflow 3). Terraform waits for the release, so the migration and user jobs are
    # plain jobs rather than Helm hooks (hooks would wait behind the pods that wait for the migration).
    "airflow" = {
      repository = "https://airflow.apache.org"
      chart      = "airflow"
      version    = "1.20.0"
      namespace  = "airflow"
      values = {
        "apiServer.service.type"            = "ClusterIP"
        "migrateDatabaseJob.useHelmHooks"   = "false"
        "migrateDatabaseJob.applyCustomEnv" = "false"
        "createUserJob.useHelmHooks"        = "false"
        "createUserJob.applyCustomEnv"      = "false"
      }
      # The chart's first user is admin / admin unless told otherwise.
      secrets = {
        "fernetKey"                      = "fernet"
        "apiSecretKey"                   = "password"
        "jwtSecret"                      = "password"
        "webserver.defaultUser.password" = "password"
      }
    }
    # Superset refuses to start with its default SECRET_KEY; its admin's default password is "admin".
    "superset" = {
      repository = "https://apache.github.io/superset"
      chart      = "superset"
      version    = "0.21.1"
      namespace  = "superset"
      values     = { "service.type" = "ClusterIP" }
      secrets    = { "extraSecretEnv.SUPERSET_SECRET_KEY" = "password", "init.adminUser.password" = "password" }
    }
    # VS Code in the browser: Skyport's own small chart (charts/code-server; there is no official repository).
    "code-server" = {
      repository = null
      chart      = "${path.module}/charts/code-server"
      version    = "0.1.0"
      namespace  = "code-server"
      values     = { "service.type" = "ClusterIP" }
      secrets    = { "password" = "password" }
    }
  }

  selected = { for name in var.addons : name => local.catalogue[name] }

  # One generated secret per (add-on, chart value), for the selected add-ons only.
  secrets = merge([for name, addon in local.selected : {
    for key, kind in addon.secrets : "${name}/${key}" => { addon = name, key = key, kind = kind }
  }]...)
}

resource "random_password" "secret" {
  for_each = local.secrets

  length  = each.value.kind == "fernet" ? 32 : 40
  special = false
}

locals {
  # A Fernet key is the URL-safe base64 of 32 bytes.
  secret_values = {
    for id, secret in local.secrets : id => (secret.kind == "fernet"
      ? replace(replace(base64encode(random_password.secret[id].result), "+", "-"), "/", "_")
    : random_password.secret[id].result)
  }
}

resource "helm_release" "addon" {
  for_each = local.selected

  name             = each.key
  repository       = each.value.repository
  chart            = each.value.chart
  version          = each.value.version
  namespace        = each.value.namespace
  create_namespace = true
  # The applications run database migrations before they are ready.
  timeout = 900
  set     = [for key, value in each.value.values : { name = key, value = value }]
  set_sensitive = [for key, kind in each.value.secrets : {
    name  = key
    value = local.secret_values["${each.key}/${key}"]
    type  = "string"
  }]
}
