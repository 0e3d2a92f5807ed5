#!/usr/bin/env bash
# Skyport's Terraform run: the task side of the provisioning run protocol (README, "Provisioning run protocol").
#
# In AWS (SKYPORT_TASK_TOKEN set) the workflow starts this as an ECS Fargate task: it asks the run broker
# (SKYPORT_RUN_BROKER_URL, a Lambda function URL that only the task's own role may call, signed with SigV4) for its
# brief: the run's configuration (run_config, built by Skyport in Java) and its owner's credentials as the providers'
# environment variables. The task's role can read no table and no secret itself. It reports to Step Functions with
# the token (heartbeat, success, failure). Locally (`--provisioner docker`, no token) the run's configuration comes
# in SKYPORT_RUN_CONFIG, the credentials in the provider's own variables, and the outcome is the last line,
# `SKYPORT_RESULT {...}`.
#
# A plan run keeps its plan file for a later apply: in AWS it PUTs the file to a URL the broker signs for it once
# the plan is made; locally it prints the file, base64, as one line `SKYPORT_PLAN_FILE <base64>` before its result.
# A run whose configuration names a `saved_plan` applies that file instead of planning afresh: in AWS from the
# brief's `saved_plan_url`, locally from stdin (base64). Terraform refuses a file whose state has changed since.
#
# Every output line goes to stdout with every credential value replaced by ****. Exit codes:
#   0 succeeded   2 the run is misconfigured   10 CredentialsRejected   11 StateBackendUnavailable
#   12 TerraformInitFailed   13 TerraformApplyFailed   14 TerraformDestroyFailed   15 Cancelled
#   16 TerraformPlanFailed   17 SavedPlanStale   18 SavedPlanUnavailable
set -euo pipefail

# stacks/<provider> (one root stack each), modules/ and addons/, as the image holds them.
readonly TERRAFORM_TREE=${SKYPORT_TERRAFORM:-/opt/skyport/terraform}
readonly HEARTBEAT_SECONDS=${SKYPORT_HEARTBEAT_SECONDS:-60}
# An AWS role's session from the broker lasts an hour (role chaining); it is renewed well before.
readonly RENEW_SECONDS=${SKYPORT_SESSION_RENEW_SECONDS:-1800}
readonly CAUSE_LINES=${SKYPORT_CAUSE_LINES:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/skyport-run.XXXXXX")
readonly WORK
SECRETS=()
TF_PID=""
HEARTBEAT_PID=""
RENEW_PID=""
CANCELLED=0

# --- output -------------------------------------------------------------------------------------------------------

scrub() {
  local line=$1 secret renewed=()
  # The values of sessions renewed while the run goes on (written by the renewal, a background process).
  if [ -s "$WORK/renewed-secrets" ]; then
    mapfile -t renewed < "$WORK/renewed-secrets"
  fi
  for secret in "${SECRETS[@]+"${SECRETS[@]}"}" "${renewed[@]+"${renewed[@]}"}"; do
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

# Stops the background work: the heartbeat, and the renewal of the customer's session.
stop_heartbeat() {
  local pid
  for pid in "$HEARTBEAT_PID" "$RENEW_PID"; do
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  HEARTBEAT_PID=""
  RENEW_PID=""
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

# shellcheck disable=SC2317 # a trap handler: shellcheck cannot see it called
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

# shellcheck disable=SC2317 # a trap handler
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

for variable in SKYPORT_CLUSTER_ID SKYPORT_RUN_ID SKYPORT_ACTION; do
  require "$variable"
done
case "$SKYPORT_ACTION" in
  apply|update|destroy|plan) ;;
  *) printf 'SKYPORT_ACTION must be apply, update, destroy or plan\n'; exit 2 ;;
esac

config() {
  jq -r "$1" "$WORK/run.json"
}

# The customer's credentials, as the provider's own environment variables, for Terraform only: the script's own
# calls (the broker, Step Functions) keep the task's role, and Terraform's environment holds neither that role nor
# the task token. (A process of the task can still read the task's own environment from /proc: the most it can get
# is this run's brief again, and report on this run.)
declare -A CUSTOMER=()
readonly CREDENTIAL_VARIABLES='^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_CREDENTIAL_EXPIRATION|AWS_REGION|ARM_TENANT_ID|ARM_CLIENT_ID|ARM_CLIENT_SECRET|ARM_SUBSCRIPTION_ID|GOOGLE_CREDENTIALS)$'

# In the current (sub)shell: the customer's variables exported, the task's credentials gone.
customer_environment() {
  unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_AUTHORIZATION_TOKEN \
    AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN SKYPORT_TASK_TOKEN
  local name
  for name in "${!CUSTOMER[@]}"; do
    export "$name=${CUSTOMER[$name]}"
  done
}

as_customer() {
  ( customer_environment; exec "$@" )
}

# task_role_credentials FILE: the task role's own credentials, from the ECS container credentials endpoint
# (AWS_CONTAINER_CREDENTIALS_FULL_URI with its authorization token where the platform gives those instead).
task_role_credentials() {
  local file=$1 uri header=()
  if [ -n "${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-}" ]; then
    uri="http://169.254.170.2${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}"
  else
    uri=${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}
    [ -n "${AWS_CONTAINER_AUTHORIZATION_TOKEN:-}" ] && header=(-H "Authorization: ${AWS_CONTAINER_AUTHORIZATION_TOKEN}")
  fi
  [ -n "$uri" ] || fail Misconfigured 2 "The task has no role credentials to ask the run broker with."
  curl -fsS --max-time 10 "${header[@]+"${header[@]}"}" "$uri" > "$file" \
    || fail Misconfigured 2 "Could not read the task role's credentials."
}

# ask_broker BODY OUT: posts BODY to the run broker, signed (SigV4, service lambda) with the task's role, the answer
# in OUT; prints the HTTP status (000 when unreachable). The body carries the task token, which proves the caller is
# the task AWS names. Secrets go to curl through its config on stdin and the body through a file descriptor, never
# on its command line; the payload's hash is signed too (x-amz-content-sha256).
ask_broker() {
  local body=$1 out=$2 status role
  require SKYPORT_RUN_BROKER_URL
  # Its own file: the session's renewal may ask while the run asks too.
  role=$(mktemp "$WORK/task-role.XXXXXX")
  task_role_credentials "$role"
  status=$(jq -r --arg hash "$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)" \
      '"user = \"" + .AccessKeyId + ":" + .SecretAccessKey + "\"\n"
       + "header = \"x-amz-security-token: " + .Token + "\"\n"
       + "header = \"x-amz-content-sha256: " + $hash + "\""' "$role" \
    | curl -sS --max-time 60 --retry 3 --retry-delay 2 -K - -o "$out" -w '%{http_code}' \
      --aws-sigv4 "aws:amz:${AWS_REGION:?AWS_REGION is required}:lambda" \
      -H 'Content-Type: application/json' --data-binary @/dev/fd/3 "$SKYPORT_RUN_BROKER_URL" \
      3< <(printf '%s' "$body")) \
    || status=000
  rm -f "$role"
  printf '%s' "$status"
}

# The run's brief from the broker: the run's configuration and its owner's credentials.
read_brief() {
  local status
  status=$(ask_broker "$(jq -cn --arg token "$SKYPORT_TASK_TOKEN" '{task_token: $token}')" "$WORK/brief.json")
  case "$status" in
    200) ;;
    409) rm -f "$WORK/brief.json"; fail Cancelled 15 "This run is no longer the cluster's current run." ;;
    403|404|422)
      say "The run broker refused: $(jq -r '.detail // "no detail"' "$WORK/brief.json" 2>/dev/null | head -c 500)"
      rm -f "$WORK/brief.json"
      fail CredentialsRejected 10 "The run's credentials could not be obtained." ;;
    *) rm -f "$WORK/brief.json"; fail Misconfigured 2 "The run broker could not be reached (HTTP $status)." ;;
  esac
  jq '.run_config' "$WORK/brief.json" > "$WORK/run.json"
  jq -r '.saved_plan_url // ""' "$WORK/brief.json" > "$WORK/saved-plan-url"
  local name
  for name in $(jq -r '.environment | keys[]' "$WORK/brief.json"); do
    [[ "$name" =~ $CREDENTIAL_VARIABLES ]] || continue
    CUSTOMER[$name]=$(jq -r --arg name "$name" '.environment[$name]' "$WORK/brief.json")
  done
  rm -f "$WORK/brief.json"
}

read_credentials() {
  local provider=$1 name
  if [ -z "${SKYPORT_TASK_TOKEN:-}" ]; then
    # Locally the credentials come as the provider's variables already (an owner-only env file).
    for name in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN ARM_TENANT_ID ARM_CLIENT_ID \
        ARM_CLIENT_SECRET ARM_SUBSCRIPTION_ID GOOGLE_CREDENTIALS; do
      if [ -n "${!name:-}" ]; then
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

# write_session KEY SECRET TOKEN EXPIRATION: the customer's session as credential_process prints it, replaced at
# once (never half written). Its expiration is given five minutes early, so the SDKs ask again in good time. The
# values reach jq through its environment, never its command line.
write_session() {
  local until
  until=$(date -u -d "@$(( $(date -u -d "$4" +%s) - 300 ))" +%Y-%m-%dT%H:%M:%SZ) || return 1
  SESSION_KEY=$1 SESSION_SECRET=$2 SESSION_TOKEN=$3 SESSION_UNTIL=$until jq -n \
    '{Version: 1, AccessKeyId: env.SESSION_KEY, SecretAccessKey: env.SESSION_SECRET,
      SessionToken: env.SESSION_TOKEN, Expiration: env.SESSION_UNTIL}' > "$WORK/session.json.new" || return 1
  mv "$WORK/session.json.new" "$WORK/session.json"
}

# A new session from the broker, for Terraform's next credential_process call.
renew_session() {
  local out status written
  out=$(mktemp "$WORK/renewed.XXXXXX")
  status=$(ask_broker "$(jq -cn --arg token "$SKYPORT_TASK_TOKEN" '{task_token: $token, ask: "credentials"}')" \
    "$out")
  if [ "$status" != 200 ] || ! jq -e '.environment.AWS_SESSION_TOKEN and .environment.AWS_CREDENTIAL_EXPIRATION' \
      "$out" > /dev/null 2>&1; then
    rm -f "$out"
    return 1
  fi
  jq -r '.environment | .AWS_SECRET_ACCESS_KEY, .AWS_SESSION_TOKEN' "$out" >> "$WORK/renewed-secrets"
  write_session "$(jq -r .environment.AWS_ACCESS_KEY_ID "$out")" "$(jq -r .environment.AWS_SECRET_ACCESS_KEY "$out")" \
    "$(jq -r .environment.AWS_SESSION_TOKEN "$out")" "$(jq -r .environment.AWS_CREDENTIAL_EXPIRATION "$out")"
  written=$?
  rm -f "$out"
  return "$written"
}

# In AWS, a customer's role session (an hour at most: the broker's own session assumes it) may end before the run
# does (two hours at most). So Terraform and the AWS CLI read it through a profile whose credential_process prints
# the session this script keeps renewed with the broker every RENEW_SECONDS (a minute after a failed try).
use_renewable_session() {
  if [ -z "${SKYPORT_TASK_TOKEN:-}" ] || [ -z "${CUSTOMER[AWS_SESSION_TOKEN]:-}" ] \
      || [ -z "${CUSTOMER[AWS_CREDENTIAL_EXPIRATION]:-}" ]; then
    return 0
  fi
  write_session "${CUSTOMER[AWS_ACCESS_KEY_ID]}" "${CUSTOMER[AWS_SECRET_ACCESS_KEY]}" \
      "${CUSTOMER[AWS_SESSION_TOKEN]}" "${CUSTOMER[AWS_CREDENTIAL_EXPIRATION]}" \
    || fail CredentialsRejected 10 "The cloud account's session has no valid expiration."
  printf '[profile skyport]\ncredential_process = cat %s\nregion = %s\n' "$WORK/session.json" \
    "${CUSTOMER[AWS_REGION]}" > "$WORK/aws-config"
  unset 'CUSTOMER[AWS_ACCESS_KEY_ID]' 'CUSTOMER[AWS_SECRET_ACCESS_KEY]' 'CUSTOMER[AWS_SESSION_TOKEN]'
  CUSTOMER[AWS_CONFIG_FILE]=$WORK/aws-config
  CUSTOMER[AWS_SHARED_CREDENTIALS_FILE]=/dev/null
  CUSTOMER[AWS_PROFILE]=skyport
  (
    trap - TERM INT EXIT
    delay=$RENEW_SECONDS
    while sleep "$delay"; do
      if renew_session; then
        delay=$RENEW_SECONDS
      else
        say "Could not renew the cloud account's session; trying again shortly."
        delay=$(( RENEW_SECONDS < 60 ? RENEW_SECONDS : 60 ))
      fi
    done
  ) &
  RENEW_PID=$!
}

# The run's configuration: from the broker in AWS, from SKYPORT_RUN_CONFIG locally. It must be this run's.
read_run() {
  if [ -n "${SKYPORT_TASK_TOKEN:-}" ]; then
    read_brief
  else
    require SKYPORT_RUN_CONFIG
    printf '%s' "$SKYPORT_RUN_CONFIG" > "$WORK/run.json"
  fi
  if [ "$(config .cluster_id)" != "$SKYPORT_CLUSTER_ID" ] || [ "$(config .run_id)" != "$SKYPORT_RUN_ID" ] \
      || [ "$(config .action)" != "$SKYPORT_ACTION" ]; then
    fail Misconfigured 2 "The run's configuration is not this run's."
  fi
}

# A plan's summary from `terraform show -json`: the counts Terraform prints (a replacement is one to add and one to
# destroy) and each resource that changes, at most 500. (A jq program: its $ are jq's, not the shell's.)
# shellcheck disable=SC2016
readonly PLAN_SUMMARY='
  [.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])
   | {address, action: (if .change.actions == ["create"] then "create"
                        elif .change.actions == ["update"] then "update"
                        elif .change.actions == ["delete"] then "delete" else "replace" end)}] as $resources
  | {plan: {add: ([$resources[] | select(.action == "create" or .action == "replace")] | length),
            change: ([$resources[] | select(.action == "update")] | length),
            destroy: ([$resources[] | select(.action == "delete" or .action == "replace")] | length),
            resources: $resources[:500]}}'

# keep_plan FILE: keeps a plan run's plan file for the run that applies it (the file may hold sensitive values: it
# goes only where Skyport keeps plan files, never to the output).
keep_plan() {
  local file=$1 status url
  if [ -z "${SKYPORT_TASK_TOKEN:-}" ]; then
    printf 'SKYPORT_PLAN_FILE %s\n' "$(base64 -w0 "$file")"
    return 0
  fi
  status=$(ask_broker "$(jq -cn --arg token "$SKYPORT_TASK_TOKEN" '{task_token: $token, ask: "plan-upload"}')" \
    "$WORK/upload.json")
  case "$status" in
    200) ;;
    409) rm -f "$WORK/upload.json"; fail Cancelled 15 "This run is no longer the cluster's current run." ;;
    *) rm -f "$WORK/upload.json"; fail TerraformPlanFailed 16 "The run broker gave no place for the plan file (HTTP $status)." ;;
  esac
  url=$(jq -r '.url // ""' "$WORK/upload.json")
  rm -f "$WORK/upload.json"
  [ -n "$url" ] || fail TerraformPlanFailed 16 "The run broker gave no place for the plan file."
  # The URL is a credential for one object: given to curl through its config on stdin, never on its command line.
  printf 'url = "%s"\n' "$url" | curl -fsS --max-time 300 --retry 3 --retry-delay 2 -K - -X PUT \
      --upload-file "$file" -o /dev/null 2> "$WORK/upload.err" \
    || fail TerraformPlanFailed 16 "The plan file could not be kept: $(head -c 300 "$WORK/upload.err")"
  say "Plan file kept for the run that applies it."
}

# fetch_saved_plan FILE: the plan file of the plan run the configuration's saved_plan names.
fetch_saved_plan() {
  local file=$1 url
  if [ -z "${SKYPORT_TASK_TOKEN:-}" ]; then
    base64 -d > "$file" 2> /dev/null || : > "$file"
  else
    url=$(cat "$WORK/saved-plan-url" 2> /dev/null || true)
    [ -n "$url" ] || fail SavedPlanUnavailable 18 "The run broker gave no saved plan for this run."
    printf 'url = "%s"\n' "$url" | curl -fsS --max-time 300 --retry 3 --retry-delay 2 -K - -o "$file" \
        2> "$WORK/download.err" \
      || fail SavedPlanUnavailable 18 "The saved plan could not be read ($(head -c 200 "$WORK/download.err")): plan again."
  fi
  [ -s "$file" ] || fail SavedPlanUnavailable 18 "The saved plan is empty or missing: plan again."
}

# -backend-config=<key>=<value>, one per line, as run_config's backend says (state encrypted at rest).
backend_config() {
  jq -r '.backend | to_entries[] | "-backend-config=\(.key)=\(.value)"' "$WORK/run.json"
}

# The cluster's outputs, as the success of an apply reports them.
report_outputs() {
  as_customer terraform output -no-color -json > "$WORK/outputs.json" 2> /dev/null \
    || echo '{}' > "$WORK/outputs.json"
  succeed "$(jq -c '{endpoint: (.endpoint.value // ""), resource_id: (.resource_id.value // ""),
      kubernetes_version: (.kubernetes_version.value // ""), console_url: (.console_url.value // ""),
      certificate_authority_data: (.certificate_authority_data.value // ""),
      cluster_name: (.cluster_name.value // ""), location: (.location.value // ""),
      resource_group: (.resource_group.value // ""), project: (.project.value // "")}' "$WORK/outputs.json")"
}

# --- the run ---------------------------------------------------------------------------------------------------------

main() {
  : > "$WORK/output.log"
  start_heartbeat
  read_run
  local provider
  provider=$(config .provider)
  case "$provider" in
    aws|azure|gcp) ;;
    *) fail Misconfigured 2 "Skyport does not provision on '$provider'." ;;
  esac
  say "Skyport run $SKYPORT_RUN_ID: terraform $SKYPORT_ACTION of cluster $(config .name) ($provider, $(config .region))"
  read_credentials "$provider"
  use_renewable_session
  unset 'CUSTOMER[AWS_CREDENTIAL_EXPIRATION]'
  check_cancelled
  if [ "$provider" = aws ] && ! as_customer aws sts get-caller-identity > /dev/null 2> "$WORK/identity.err"; then
    fail CredentialsRejected 10 "AWS refused the cloud account's credentials: $(head -c 300 "$WORK/identity.err")"
  fi

  mkdir -p "$WORK/terraform"
  cp -R "$TERRAFORM_TREE/." "$WORK/terraform/"
  jq '.variables' "$WORK/run.json" > "$WORK/terraform/stacks/$provider/skyport.auto.tfvars.json"
  cd "$WORK/terraform/stacks/$provider"
  local backend=()
  mapfile -t backend < <(backend_config)
  run_terraform init -input=false -no-color "${backend[@]}"
  check_cancelled
  if [ "$TF_STATUS" -ne 0 ]; then
    if grep -qE 'Failed to get existing workspaces|Failed to get existing states|Error loading state|NoSuchBucket|bucket .* does not exist|Error acquiring the state lock|storage account .* (was not found|does not exist)|AuthorizationPermissionMismatch' "$WORK/output.log"; then
      fail StateBackendUnavailable 11 "Terraform could not reach the state in $(config .state_location)."
    fi
    fail TerraformInitFailed 12 "terraform init failed."
  fi

  if [ "$SKYPORT_ACTION" = plan ]; then
    local destroy=()
    [ "$(config '.plan_of // "update"')" = destroy ] && destroy=(-destroy)
    # A plan writes nothing, so it takes no state lock: it never stands in the way of a run that changes the cluster.
    run_terraform plan -input=false -no-color -lock=false -out="$WORK/skyport.tfplan" \
      "${destroy[@]+"${destroy[@]}"}"
    check_cancelled
    [ "$TF_STATUS" -eq 0 ] || fail TerraformPlanFailed 16 "terraform plan failed."
    as_customer terraform show -no-color -json "$WORK/skyport.tfplan" > "$WORK/plan.json" 2> /dev/null \
      || fail TerraformPlanFailed 16 "terraform show could not read the plan."
    keep_plan "$WORK/skyport.tfplan"
    succeed "$(jq -c "$PLAN_SUMMARY" "$WORK/plan.json")"
  fi
  local saved_plan failed_code=TerraformApplyFailed failed_status=13
  saved_plan=$(config '.saved_plan // ""')
  [ "$SKYPORT_ACTION" = destroy ] && failed_code=TerraformDestroyFailed && failed_status=14
  if [ -n "$saved_plan" ]; then
    # What the person saw is what changes: Terraform applies the plan file as it was made, and refuses it if the
    # state changed since (another run, a change by hand).
    say "Applying the saved plan of run $saved_plan."
    fetch_saved_plan "$WORK/saved.tfplan"
    run_terraform apply -input=false -no-color "$WORK/saved.tfplan"
    check_cancelled
    if [ "$TF_STATUS" -ne 0 ]; then
      if grep -q 'Saved plan is stale' "$WORK/output.log"; then
        fail SavedPlanStale 17 "The cluster's state changed since the plan was made; nothing was applied: plan again."
      fi
      fail "$failed_code" "$failed_status" "terraform apply of the saved plan failed."
    fi
    [ "$SKYPORT_ACTION" = destroy ] && succeed '{}'
    report_outputs
  fi
  # An update is an apply of the changed spec: Terraform works out what changes (a new version, a node group
  # resized or replaced) from the state the last run left.
  if [ "$SKYPORT_ACTION" != destroy ]; then
    run_terraform apply -input=false -no-color -auto-approve
    check_cancelled
    [ "$TF_STATUS" -eq 0 ] || fail TerraformApplyFailed 13 "terraform apply failed."
    report_outputs
  else
    run_terraform destroy -input=false -no-color -auto-approve
    check_cancelled
    [ "$TF_STATUS" -eq 0 ] || fail TerraformDestroyFailed 14 "terraform destroy failed."
    succeed '{}'
  fi
}

main
