#!/usr/bin/env bash
# Skyport's Terraform run: the task side of the provisioning run protocol (README, "Provisioning run protocol").
#
# In AWS (SKYPORT_TASK_TOKEN set) the workflow starts this as an ECS Fargate task: it reads the cluster item from
# SKYPORT_CLUSTERS_TABLE, reads the cloud account's credentials with the task's own role (only a secret whose
# skyport:owner tag is the cluster's owner), reports to Step Functions with the token (heartbeat, success,
# failure). Locally (`--provisioner docker`, no token) the cluster's configuration comes in SKYPORT_CLUSTER_JSON,
# the credentials in the provider's own variables, and the outcome is the last line, `SKYPORT_RESULT {...}`.
#
# Every output line goes to stdout with every credential value replaced by ****. Exit codes:
#   0 succeeded   2 the run is misconfigured   10 CredentialsRejected   11 StateBackendUnavailable
#   12 TerraformInitFailed   13 TerraformApplyFailed   14 TerraformDestroyFailed   15 Cancelled
set -euo pipefail

# stacks/<provider> (one root stack each), modules/ and addons/, as the image holds them.
readonly TERRAFORM_TREE=${SKYPORT_TERRAFORM:-/opt/skyport/terraform}
readonly HEARTBEAT_SECONDS=${SKYPORT_HEARTBEAT_SECONDS:-60}
readonly CAUSE_LINES=${SKYPORT_CAUSE_LINES:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/skyport-run.XXXXXX")
readonly WORK
SECRETS=()
TF_PID=""
HEARTBEAT_PID=""
CANCELLED=0

# --- output -------------------------------------------------------------------------------------------------------

scrub() {
  local line=$1 secret
  for secret in "${SECRETS[@]+"${SECRETS[@]}"}"; do
    if [ -n "$secret" ]; then
      line=${line//"$secret"/****}
    fi
  done
  printf '%s\n' "$line"
}

# One line of the run's output: scrubbed, on stdout, and kept for a failure's cause.
say() {
  scrub "$1" | tee -a "$WORK/output.log"
}

# Lines read from stdin, said one by one (Terraform's output).
say_each() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    say "$line"
  done
}

remember_secret() {
  local value=$1 line
  [ -n "$value" ] || return 0
  SECRETS+=("$value")
  # A multi-line secret (a PEM key) is also scrubbed line by line, as Terraform may print any line of it.
  while IFS= read -r line; do
    if [ ${#line} -ge 8 ]; then
      SECRETS+=("$line")
    fi
  done <<< "$value"
}

# --- reporting ------------------------------------------------------------------------------------------------------

stop_heartbeat() {
  if [ -n "$HEARTBEAT_PID" ]; then
    kill "$HEARTBEAT_PID" 2>/dev/null || true
    wait "$HEARTBEAT_PID" 2>/dev/null || true
    HEARTBEAT_PID=""
  fi
}

succeed() {
  local outputs=$1
  stop_heartbeat
  if [ -n "${SKYPORT_TASK_TOKEN:-}" ]; then
    aws stepfunctions send-task-success --task-token "$SKYPORT_TASK_TOKEN" --task-output "$outputs" > /dev/null
  else
    printf 'SKYPORT_RESULT {"outcome":"success","outputs":%s}\n' "$outputs"
  fi
  exit 0
}

# fail CODE EXIT_CODE MESSAGE: the message is the run's last line; the cause is the last lines, scrubbed.
fail() {
  local code=$1 status=$2 message=$3 cause
  say "$message"
  stop_heartbeat
  cause=$(tail -n "$CAUSE_LINES" "$WORK/output.log" | cut -c1-1000)
  if [ -n "${SKYPORT_TASK_TOKEN:-}" ]; then
    aws stepfunctions send-task-failure --task-token "$SKYPORT_TASK_TOKEN" --error "$code" \
      --cause "$cause" > /dev/null || say "could not report the failure to Step Functions"
  else
    printf 'SKYPORT_RESULT {"outcome":"failure","error":"%s"}\n' "$code"
  fi
  exit "$status"
}

on_term() {
  CANCELLED=1
  say "Cancel received: stopping Terraform gracefully."
  if [ -n "$TF_PID" ]; then
    # Terraform stops at a safe point on SIGTERM (as on Ctrl+C) and keeps the state consistent. (SIGINT would not
    # reach it: a script's background commands ignore SIGINT.)
    kill -TERM "$TF_PID" 2>/dev/null || true
  fi
}
trap on_term TERM INT

cleanup() {
  stop_heartbeat
  rm -rf "$WORK"
}
trap cleanup EXIT

check_cancelled() {
  if [ "$CANCELLED" = 1 ]; then
    fail Cancelled 15 "Cancelled."
  fi
}

start_heartbeat() {
  [ -n "${SKYPORT_TASK_TOKEN:-}" ] || return 0
  local parent=$$
  (
    trap - TERM INT EXIT
    while sleep "$HEARTBEAT_SECONDS"; do
      if ! aws stepfunctions send-task-heartbeat --task-token "$SKYPORT_TASK_TOKEN" > /dev/null 2>&1; then
        # Refused: the execution was stopped (cancel) or timed out. Stop as if cancelled.
        kill -TERM "$parent" 2>/dev/null || true
        exit 0
      fi
    done
  ) &
  HEARTBEAT_PID=$!
}

# terraform ARGS...: runs Terraform with its output said line by line; a cancel interrupts it. Sets TF_STATUS.
run_terraform() {
  local fifo="$WORK/terraform.out" reader status
  rm -f "$fifo"
  mkfifo "$fifo"
  say_each < "$fifo" &
  reader=$!
  # The subshell becomes Terraform (exec), so TF_PID is Terraform's own pid: a cancel signals Terraform itself.
  ( customer_environment; exec terraform "$@" ) > "$fifo" 2>&1 &
  TF_PID=$!
  while :; do
    if wait "$TF_PID"; then status=0; else status=$?; fi
    # A trapped signal interrupts wait (status > 128) while Terraform still runs: wait again.
    if [ "$status" -gt 128 ] && kill -0 "$TF_PID" 2>/dev/null; then continue; fi
    break
  done
  TF_PID=""
  wait "$reader" 2>/dev/null || true
  TF_STATUS=$status
}

# --- the run's configuration --------------------------------------------------------------------------------------

require() {
  local name=$1
  if [ -z "${!name:-}" ]; then
    printf '%s is required\n' "$name"
    [ -z "${SKYPORT_TASK_TOKEN:-}" ] && printf 'SKYPORT_RESULT {"outcome":"failure","error":"Misconfigured"}\n'
    exit 2
  fi
}

for variable in SKYPORT_CLUSTER_ID SKYPORT_RUN_ID SKYPORT_ACTION SKYPORT_OWNER_ID; do
  require "$variable"
done
case "$SKYPORT_ACTION" in
  apply|destroy) ;;
  *) printf 'SKYPORT_ACTION must be apply or destroy\n'; exit 2 ;;
esac

# The cluster's configuration, in the local form: from the cluster item in AWS.
read_cluster() {
  if [ -z "${SKYPORT_TASK_TOKEN:-}" ]; then
    require SKYPORT_CLUSTER_JSON
    printf '%s' "$SKYPORT_CLUSTER_JSON" > "$WORK/cluster.json"
    return
  fi
  require SKYPORT_CLUSTERS_TABLE
  local key
  key=$(jq -n --arg owner "$SKYPORT_OWNER_ID" --arg id "$SKYPORT_CLUSTER_ID" \
    '{pk: {S: ("USER#" + $owner)}, sk: {S: ("CLUSTER#" + $id)}}')
  aws dynamodb get-item --table-name "$SKYPORT_CLUSTERS_TABLE" --key "$key" --consistent-read --output json \
    > "$WORK/item.json" || fail Misconfigured 2 "Could not read the cluster item."
  jq -e '.Item' "$WORK/item.json" > /dev/null || fail Misconfigured 2 "The cluster does not exist."
  jq --arg id "$SKYPORT_CLUSTER_ID" '.Item | {
      name: .name.S, provider: .provider.S, region: .region.S, kubernetes_version: .kubernetesVersion.S,
      vpc_cidr: .network.M.vpcCidr.S,
      public_subnet_cidrs: [.network.M.publicSubnets.L[]?.S],
      private_subnet_cidrs: [.network.M.privateSubnets.L[]?.S],
      node_groups: [.nodeGroups.L[]?.M | {name: .name.S, instance_type: .instanceType.S,
        min_size: (.minSize.N | tonumber), desired_size: (.desiredSize.N | tonumber),
        max_size: (.maxSize.N | tonumber)}],
      state_bucket: .stateBucket.S,
      state_key: ((.statePrefix.S // "") + "skyport/" + $id + "/terraform.tfstate"),
      addons: [.addons.L[]?.M | {name: .name.S, chart_version: .chartVersion.S}],
      tags: ((.tags.M // {}) | map_values(.S)),
      secret_ref: .secretRef.S, external_id: (.externalId.S // ""), current_run: .currentRun.S}' \
    "$WORK/item.json" > "$WORK/cluster.json"
  if [ "$(jq -r .current_run "$WORK/cluster.json")" != "$SKYPORT_RUN_ID" ]; then
    fail Cancelled 15 "This run is no longer the cluster's current run."
  fi
}

config() {
  jq -r "$1" "$WORK/cluster.json"
}

# The customer's credentials, as the provider's own environment variables, for Terraform only: the script's own
# calls (the cluster item, Step Functions) keep the task's role, and Terraform never sees that role.
declare -A CUSTOMER=()

# In the current (sub)shell: the customer's variables exported, the task's credentials gone.
customer_environment() {
  unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_PROFILE \
    AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  local name
  for name in "${!CUSTOMER[@]}"; do
    export "$name=${CUSTOMER[$name]}"
  done
}

as_customer() {
  ( customer_environment; exec "$@" )
}

read_credentials() {
  local provider=$1 ref secret name
  if [ -n "${SKYPORT_TASK_TOKEN:-}" ]; then
    ref=$(config .secret_ref)
    # Never another user's secret: the owner tag Skyport wrote must be the cluster's owner.
    if [ "$(aws secretsmanager describe-secret --secret-id "$ref" --output json \
        | jq -r '[.Tags[]? | select(.Key == "skyport:owner") | .Value][0] // ""')" != "$SKYPORT_OWNER_ID" ]; then
      fail CredentialsRejected 10 "The cloud account's secret does not belong to this cluster's owner."
    fi
    secret=$(aws secretsmanager get-secret-value --secret-id "$ref" --query SecretString --output text) \
      || fail CredentialsRejected 10 "The cloud account's secret could not be read."
    case "$provider" in
      aws)
        if [ "$(jq -r '.role_arn // ""' <<< "$secret")" != "" ]; then
          assume_role "$(jq -r .role_arn <<< "$secret")" "$(config .external_id)"
        else
          CUSTOMER[AWS_ACCESS_KEY_ID]=$(jq -r .access_key_id <<< "$secret")
          CUSTOMER[AWS_SECRET_ACCESS_KEY]=$(jq -r .secret_access_key <<< "$secret")
        fi ;;
      azure)
        CUSTOMER[ARM_TENANT_ID]=$(jq -r .tenant_id <<< "$secret")
        CUSTOMER[ARM_CLIENT_ID]=$(jq -r .client_id <<< "$secret")
        CUSTOMER[ARM_CLIENT_SECRET]=$(jq -r .client_secret <<< "$secret")
        CUSTOMER[ARM_SUBSCRIPTION_ID]=$(jq -r '.subscription_id // ""' <<< "$secret") ;;
      gcp)
        CUSTOMER[GOOGLE_CREDENTIALS]=$(jq -r .service_account_json <<< "$secret") ;;
    esac
    secret=""
  else
    # Locally the credentials come as the provider's variables already (an owner-only env file).
    if [ -n "${SKYPORT_ROLE_ARN:-}" ]; then
      assume_role "$SKYPORT_ROLE_ARN" "${SKYPORT_EXTERNAL_ID:-}"
    fi
    for name in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN ARM_TENANT_ID ARM_CLIENT_ID \
        ARM_CLIENT_SECRET ARM_SUBSCRIPTION_ID GOOGLE_CREDENTIALS; do
      if [ -n "${!name:-}" ] && [ -z "${CUSTOMER[$name]:-}" ]; then
        CUSTOMER[$name]=${!name}
      fi
    done
  fi
  [ "$provider" = aws ] && CUSTOMER[AWS_REGION]=$(config .region)
  for name in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN ARM_CLIENT_ID ARM_CLIENT_SECRET \
      GOOGLE_CREDENTIALS; do
    remember_secret "${CUSTOMER[$name]:-}"
  done
  if [ -n "${CUSTOMER[GOOGLE_CREDENTIALS]:-}" ]; then
    CUSTOMER[GOOGLE_PROJECT]=$(jq -r '.project_id // ""' <<< "${CUSTOMER[GOOGLE_CREDENTIALS]}" 2>/dev/null || true)
    remember_secret "$(jq -r '.private_key // ""' <<< "${CUSTOMER[GOOGLE_CREDENTIALS]}" 2>/dev/null || true)"
  fi
  case "$provider" in
    aws) [ -n "${CUSTOMER[AWS_SECRET_ACCESS_KEY]:-}" ] || fail CredentialsRejected 10 "No AWS credentials for this run." ;;
    azure) [ -n "${CUSTOMER[ARM_CLIENT_SECRET]:-}" ] || fail CredentialsRejected 10 "No Azure credentials for this run." ;;
    gcp) [ -n "${CUSTOMER[GOOGLE_CREDENTIALS]:-}" ] || fail CredentialsRejected 10 "No Google credentials for this run." ;;
  esac
}

# assume_role ARN EXTERNAL_ID: the customer's role, assumed with the task's own credentials (in AWS) or the
# environment's (locally), with the customer's external id.
assume_role() {
  local assumed
  assumed=$(aws sts assume-role --role-arn "$1" --external-id "$2" \
    --role-session-name "skyport-${SKYPORT_RUN_ID:0:32}" --output json 2> "$WORK/assume.err") \
    || fail CredentialsRejected 10 "The role could not be assumed: $(head -c 300 "$WORK/assume.err")"
  CUSTOMER[AWS_ACCESS_KEY_ID]=$(jq -r .Credentials.AccessKeyId <<< "$assumed")
  CUSTOMER[AWS_SECRET_ACCESS_KEY]=$(jq -r .Credentials.SecretAccessKey <<< "$assumed")
  CUSTOMER[AWS_SESSION_TOKEN]=$(jq -r .Credentials.SessionToken <<< "$assumed")
}

# In AWS, the run names its CloudWatch log stream, so the API can page through its output.
name_log_stream() {
  [ -n "${SKYPORT_TASK_TOKEN:-}" ] && [ -n "${ECS_CONTAINER_METADATA_URI_V4:-}" ] || return 0
  local task_arn stream key
  task_arn=$(curl -fsS "$ECS_CONTAINER_METADATA_URI_V4/task" | jq -r .TaskARN) || return 0
  stream="terraform/terraform/${task_arn##*/}"
  key=$(jq -n --arg id "$SKYPORT_CLUSTER_ID" --arg run "$SKYPORT_RUN_ID" \
    '{pk: {S: ("CLUSTER#" + $id)}, sk: {S: ("RUN#" + $run)}}')
  aws dynamodb update-item --table-name "$SKYPORT_CLUSTERS_TABLE" --key "$key" \
    --update-expression "SET logStream = :stream" --condition-expression "attribute_exists(pk)" \
    --expression-attribute-values "$(jq -n --arg s "$stream" '{":stream": {S: $s}}')" > /dev/null \
    || say "(could not name this run's log stream; its output is in the task's log)"
}

backend_config() {
  local provider=$1 bucket key
  bucket=$(config .state_bucket)
  key=$(config .state_key)
  case "$provider" in
    aws) printf '%s\n' "-backend-config=bucket=$bucket" "-backend-config=key=$key" \
      "-backend-config=region=$(config .region)" "-backend-config=use_lockfile=true" ;;
    azure) printf '%s\n' "-backend-config=storage_account_name=$bucket" \
      "-backend-config=container_name=tfstate" "-backend-config=key=$key" "-backend-config=use_azuread_auth=true" ;;
    gcp) printf '%s\n' "-backend-config=bucket=$bucket" "-backend-config=prefix=${key%/terraform.tfstate}" ;;
  esac
}

variables() {
  jq --arg id "$SKYPORT_CLUSTER_ID" '{cluster_id: $id, name, region, kubernetes_version, vpc_cidr,
      public_subnet_cidrs, private_subnet_cidrs, node_groups, addons: [.addons[].name], tags}' "$WORK/cluster.json"
}

# --- the run ---------------------------------------------------------------------------------------------------------

main() {
  : > "$WORK/output.log"
  read_cluster
  local provider
  provider=$(config .provider)
  case "$provider" in
    aws|azure|gcp) ;;
    *) fail Misconfigured 2 "Skyport does not provision on '$provider'." ;;
  esac
  say "Skyport run $SKYPORT_RUN_ID: terraform $SKYPORT_ACTION of cluster $(config .name) ($provider, $(config .region))"
  start_heartbeat
  name_log_stream
  read_credentials "$provider"
  check_cancelled
  if [ "$provider" = aws ] && ! as_customer aws sts get-caller-identity > /dev/null 2> "$WORK/identity.err"; then
    fail CredentialsRejected 10 "AWS refused the cloud account's credentials: $(head -c 300 "$WORK/identity.err")"
  fi

  mkdir -p "$WORK/terraform"
  cp -R "$TERRAFORM_TREE/." "$WORK/terraform/"
  variables > "$WORK/terraform/stacks/$provider/skyport.auto.tfvars.json"
  cd "$WORK/terraform/stacks/$provider"
  local backend=()
  mapfile -t backend < <(backend_config "$provider")
  run_terraform init -input=false -no-color "${backend[@]}"
  check_cancelled
  if [ "$TF_STATUS" -ne 0 ]; then
    if grep -qE 'Failed to get existing workspaces|Failed to get existing states|Error loading state|NoSuchBucket|bucket .* does not exist|Error acquiring the state lock|storage account .* (was not found|does not exist)|AuthorizationPermissionMismatch' "$WORK/output.log"; then
      fail StateBackendUnavailable 11 "Terraform could not reach the state in $(config .state_bucket)."
    fi
    fail TerraformInitFailed 12 "terraform init failed."
  fi

  if [ "$SKYPORT_ACTION" = apply ]; then
    run_terraform apply -input=false -no-color -auto-approve
    check_cancelled
    [ "$TF_STATUS" -eq 0 ] || fail TerraformApplyFailed 13 "terraform apply failed."
    as_customer terraform output -no-color -json > "$WORK/outputs.json" 2> /dev/null \
      || echo '{}' > "$WORK/outputs.json"
    succeed "$(jq -c '{endpoint: (.endpoint.value // ""), resource_id: (.resource_id.value // ""),
        kubernetes_version: (.kubernetes_version.value // ""), console_url: (.console_url.value // "")}' \
        "$WORK/outputs.json")"
  else
    run_terraform destroy -input=false -no-color -auto-approve
    check_cancelled
    [ "$TF_STATUS" -eq 0 ] || fail TerraformDestroyFailed 14 "terraform destroy failed."
    succeed '{}'
  fi
}

main
