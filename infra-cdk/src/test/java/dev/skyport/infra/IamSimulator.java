package dev.skyport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM decisions by an implementation Skyport did not write: npm's {@code @cloud-copilot/iam-simulate}, over the
 * policies of the synthesized templates (every intrinsic resolved, {@link DeployedValues}) or a policy file a person
 * applies in their own account.
 */
final class IamSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The AWS managed policies Skyport's roles attach, as AWS publishes them. */
    private static final Map<String, String> AWS_MANAGED = Map.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup",
                    "logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}""",
            "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup",
                    "logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents",
                    "logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"*"}]}""");

    /** Who makes a request: the principal's ARN, its identity policies and permissions boundaries. */
    record Principal(String name, String arn, String accountId, List<JsonNode> policies, List<JsonNode> boundaries) {
    }

    /** One request to decide. */
    record Request(Principal principal, String action, String resource, Map<String, Object> context,
                   JsonNode resourcePolicy) {

        Request(Principal principal, String action, String resource, Map<String, Object> context) {
            this(principal, action, resource, context, null);
        }
    }

    /** The simulator's answer: {@code Allowed}, {@code ExplicitlyDenied}, {@code ImplicitlyDenied} or {@code Error}. */
    record Decision(Request request, String result, String errors) {

        boolean allowed() {
            return result.equals("Allowed");
        }

        boolean denied() {
            return result.equals("ExplicitlyDenied") || result.equals("ImplicitlyDenied");
        }
    }

    private final DeployedValues values;

    IamSimulator(DeployedValues values) {
        this.values = values;
    }

    /** The role of the stacks whose logical id starts with the prefix, with every policy attached to it. */
    Principal role(String logicalIdPrefix) {
        Map.Entry<String, String> role = values.find("AWS::IAM::Role", logicalIdPrefix);
        String stack = role.getKey();
        JsonNode properties = values.resources(stack).get(role.getValue()).path("Properties");
        List<JsonNode> policies = new ArrayList<>();
        properties.path("Policies").forEach(p -> policies.add(values.resolve(stack, p.path("PolicyDocument"))));
        for (JsonNode arn : values.resolve(stack, properties.path("ManagedPolicyArns"))) {
            policies.add(managedPolicy(stack, arn.asText()));
        }
        values.resources(stack).forEach((id, resource) -> {
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && resource.path("Properties").path("Roles").toString().contains("\"" + role.getValue() + "\"")) {
                policies.add(values.resolve(stack, resource.path("Properties").path("PolicyDocument")));
            }
        });
        List<JsonNode> boundaries = new ArrayList<>();
        if (properties.has("PermissionsBoundary")) {
            boundaries.add(managedPolicy(stack, values.resolve(stack, properties.path("PermissionsBoundary")).asText()));
        }
        return new Principal(role.getValue(), values.getAtt(stack, role.getValue(), "Arn"), values.account(),
                policies, boundaries);
    }

    /** A managed policy's document: one of AWS's, or one the stack itself makes. */
    JsonNode managedPolicy(String stack, String arn) {
        if (AWS_MANAGED.containsKey(arn)) {
            return read(AWS_MANAGED.get(arn));
        }
        for (Map.Entry<String, JsonNode> resource : values.resources(stack).entrySet()) {
            if (resource.getValue().path("Type").asText().equals("AWS::IAM::ManagedPolicy")
                    && values.ref(stack, resource.getKey()).equals(arn)) {
                return values.resolve(stack, resource.getValue().path("Properties").path("PolicyDocument"));
            }
        }
        throw new IllegalArgumentException("a managed policy the simulator was not given: " + arn);
    }

    /** A role's trust policy, as the resource policy of {@code sts:AssumeRole} on it. */
    JsonNode trustPolicy(String logicalIdPrefix) {
        Map.Entry<String, String> role = values.find("AWS::IAM::Role", logicalIdPrefix);
        return values.resolve(role.getKey(), values.resources(role.getKey()).get(role.getValue()).path("Properties")
                .path("AssumeRolePolicyDocument"));
    }

    /** A person's principal in their own account, with the policies they attached. */
    static Principal customer(String name, String arn, String accountId, List<JsonNode> policies,
                              List<JsonNode> boundaries) {
        return new Principal(name, arn, accountId, policies, boundaries);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decides every request in one run of the simulator. */
    static List<Decision> decide(List<Request> requests) {
        ArrayNode input = JSON.createArrayNode();
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            ObjectNode item = input.addObject();
            item.put("id", i);
            item.put("principal", request.principal().arn());
            item.put("accountId", resourceAccount(request.resource(), request.principal().accountId()));
            item.put("action", request.action());
            item.put("resource", request.resource());
            Map<String, Object> context = new LinkedHashMap<>(request.context());
            context.putIfAbsent("aws:SecureTransport", "true");
            context.putIfAbsent("aws:PrincipalArn", request.principal().arn());
            context.putIfAbsent("aws:PrincipalAccount", request.principal().accountId());
            item.set("context", JSON.valueToTree(context));
            item.set("identityPolicies", JSON.valueToTree(request.principal().policies()));
            item.set("boundaries", JSON.valueToTree(request.principal().boundaries()));
            if (request.resourcePolicy() != null) {
                item.set("resourcePolicy", request.resourcePolicy());
            }
        }
        JsonNode output = read(NodeChecks.run("simulate-iam.mjs", input.toString()));
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode result : output) {
            decisions.add(new Decision(requests.get(result.path("id").asInt()), result.path("result").asText(),
                    result.path("errors").asText("")));
        }
        return decisions;
    }

    /** The account an ARN names, or the caller's for ARNs that name none (S3 buckets, {@code *}). */
    private static String resourceAccount(String resource, String callerAccount) {
        String[] parts = resource.split(":", 6);
        return parts.length >= 5 && parts[4].matches("\\d{12}") ? parts[4] : callerAccount;
    }
}
