package dev.skyport.clusters.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a Terraform run needs to know about its cluster, built here and nowhere else: the task's entry script
 * and the local Docker provisioner read this document as it is ({@code run_config}), so no script, construct or
 * state machine knows how a cluster is stored. It holds no secret: the credentials travel beside it.
 *
 * <ul>
 *   <li>{@code variables}: the root stack's variables ({@code skyport.auto.tfvars.json}), named as the stacks of
 *       {@code terraform-image/terraform/stacks/<provider>} declare them;</li>
 *   <li>{@code backend}: the {@code -backend-config} settings of that provider's state backend, state encrypted;</li>
 *   <li>{@code plan_of}: for a plan run, what it plans ({@code update}: the variables are the changed spec's, or
 *       {@code destroy}); a plan run keeps its plan file ({@code terraform plan -out}) for a later apply;</li>
 *   <li>{@code saved_plan}: for an update or a destroy asked for with {@code plan_id}, the plan run whose plan file
 *       it applies ({@code terraform apply <plan file>}) instead of planning afresh: Terraform refuses the file
 *       if the state changed since, so what changes is exactly what the plan showed.</li>
 * </ul>
 */
public record TerraformRunConfig(ClusterId cluster, String runId, Run.Action action, ClusterSpec spec,
                                 Optional<Run.Action> planOf, Optional<String> savedPlan,
                                 List<Ipv4Cidr> runnerCidrs) {

    /** The container of an Azure storage account that holds the states. */
    public static final String AZURE_STATE_CONTAINER = "tfstate";

    public TerraformRunConfig {
        runnerCidrs = List.copyOf(runnerCidrs);
    }

    /**
     * The run's configuration.
     *
     * @param runnerCidrs where Skyport's runs reach the cluster's API from (the runners' fixed egress address): the
     *                    API is open to them as well, so the run can install the add-ons
     */
    public static TerraformRunConfig of(Cluster cluster, Run run, List<Ipv4Cidr> runnerCidrs) {
        return new TerraformRunConfig(cluster.id(), run.id(), run.action(),
                run.plan().map(RunPlan::spec).orElse(cluster.spec()), run.plan().map(RunPlan::of), run.applies(),
                runnerCidrs);
    }

    /** The document, as JSON-ready maps and lists, in a stable order. */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("cluster_id", cluster.value());
        document.put("run_id", runId);
        document.put("action", action.protocolName());
        planOf.ifPresent(of -> document.put("plan_of", of.protocolName()));
        savedPlan.ifPresent(plan -> document.put("saved_plan", plan));
        document.put("provider", spec.provider());
        document.put("name", spec.name().value());
        document.put("region", spec.region());
        document.put("state_location", spec.state().bucket());
        document.put("variables", variables());
        document.put("backend", backend());
        return document;
    }

    private Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("cluster_id", cluster.value());
        variables.put("name", spec.name().value());
        variables.put("region", spec.region());
        variables.put("kubernetes_version", spec.kubernetesVersion());
        variables.put("vpc_cidr", spec.network().vpcCidr().toString());
        variables.put("public_subnet_cidrs", spec.network().publicSubnets().stream().map(Object::toString).toList());
        variables.put("private_subnet_cidrs", spec.network().privateSubnets().stream().map(Object::toString)
                .toList());
        variables.put("node_groups", spec.nodeGroups().stream().map(group -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", group.name());
            fields.put("instance_type", group.instanceType());
            fields.put("min_size", group.minSize());
            fields.put("desired_size", group.desiredSize());
            fields.put("max_size", group.maxSize());
            return fields;
        }).toList());
        variables.put("addons", spec.addons().stream().map(Catalogue.Addon::name).toList());
        variables.put("tags", new LinkedHashMap<>(spec.tags()));
        Map<String, Object> apiAccess = new LinkedHashMap<>();
        apiAccess.put("public", spec.apiAccess().publicEndpoint());
        apiAccess.put("cidrs", spec.apiAccess().cidrs().stream().map(Object::toString).toList());
        apiAccess.put("admins", spec.apiAccess().admins());
        variables.put("api_access", apiAccess);
        variables.put("runner_cidrs", runnerCidrs.stream().map(Object::toString).toList());
        return variables;
    }

    /** The state backend's settings: always encrypted at rest, S3 with its native lock file. */
    private Map<String, String> backend() {
        String key = spec.state().stateKey(cluster);
        Map<String, String> backend = new LinkedHashMap<>();
        switch (spec.provider()) {
            case "aws" -> {
                backend.put("bucket", spec.state().bucket());
                backend.put("key", key);
                backend.put("region", spec.region());
                backend.put("use_lockfile", "true");
                backend.put("encrypt", "true");
            }
            case "azure" -> {
                // Azure Storage encrypts every blob at rest; access goes through Entra ID, not account keys.
                backend.put("storage_account_name", spec.state().bucket());
                backend.put("container_name", AZURE_STATE_CONTAINER);
                backend.put("key", key);
                backend.put("use_azuread_auth", "true");
            }
            case "gcp" -> {
                // Cloud Storage encrypts every object at rest; the state's prefix is its folder.
                backend.put("bucket", spec.state().bucket());
                backend.put("prefix", key.substring(0, key.length() - "/terraform.tfstate".length()));
            }
            default -> throw new IllegalStateException("no state backend for provider " + spec.provider());
        }
        return backend;
    }
}
