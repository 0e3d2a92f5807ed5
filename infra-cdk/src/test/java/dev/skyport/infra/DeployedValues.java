package dev.skyport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The synthesized templates as CloudFormation would deploy them into one account and region: every intrinsic
 * ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::ImportValue}, {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select},
 * {@code Fn::Split}) becomes the value it would have, so that policies can be handed to an IAM simulator with real
 * ARNs. A resource's physical name is its logical id (CloudFormation makes up similar ones). An attribute this
 * class does not know fails loudly rather than guessing.
 */
final class DeployedValues {

    static final String ACCOUNT = "111111111111";
    static final String REGION = "eu-west-1";
    static final String PARTITION = "aws";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, JsonNode> templates;
    private final String account;
    private final Map<String, String> parameters;
    /** Export name -> [stack, value]. */
    private final Map<String, Map.Entry<String, JsonNode>> exports = new HashMap<>();

    /** Skyport's stacks, deployed in {@link #ACCOUNT}. */
    DeployedValues(Map<String, JsonNode> templates) {
        this(templates, ACCOUNT, Map.of());
    }

    /** Templates deployed in {@code account} with these parameter values (a customer's stack). */
    DeployedValues(Map<String, JsonNode> templates, String account, Map<String, String> parameters) {
        this.templates = templates;
        this.account = account;
        this.parameters = parameters;
        templates.forEach((stack, template) -> template.path("Outputs").forEach(output -> {
            JsonNode name = output.path("Export").path("Name");
            if (name.isTextual()) {
                exports.put(name.asText(), Map.entry(stack, output.path("Value")));
            }
        }));
    }

    Iterable<String> stacks() {
        return templates.keySet();
    }

    /** The resources of a stack, by logical id. */
    Map<String, JsonNode> resources(String stack) {
        Map<String, JsonNode> resources = new HashMap<>();
        templates.get(stack).path("Resources").fields().forEachRemaining(e -> resources.put(e.getKey(), e.getValue()));
        return resources;
    }

    /** The one resource of that type whose logical id starts with the prefix, as [stack, logical id]. */
    Map.Entry<String, String> find(String type, String logicalIdPrefix) {
        List<Map.Entry<String, String>> found = new ArrayList<>();
        for (String stack : templates.keySet()) {
            resources(stack).forEach((id, resource) -> {
                if (resource.path("Type").asText().equals(type) && id.startsWith(logicalIdPrefix)) {
                    found.add(Map.entry(stack, id));
                }
            });
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " resources of type " + type + " start with "
                    + logicalIdPrefix + ": " + found);
        }
        return found.getFirst();
    }

    String account() {
        return account;
    }

    /** What {@code Ref} of a resource gives: its name, id or ARN, depending on its type. */
    String ref(String stack, String logicalId) {
        switch (logicalId) {
            case "AWS::AccountId":
                return account;
            case "AWS::Region":
                return REGION;
            case "AWS::Partition":
                return PARTITION;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stack;
            case "AWS::NoValue":
                return "";
            default:
        }
        JsonNode resource = templates.get(stack).path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            JsonNode parameter = templates.get(stack).path("Parameters").path(logicalId);
            if (parameter.isMissingNode()) {
                throw new IllegalArgumentException("Ref to nothing: " + stack + "/" + logicalId);
            }
            return parameters.getOrDefault(logicalId, parameter.path("Default").asText(logicalId));
        }
        String type = resource.path("Type").asText();
        return switch (type) {
            case "AWS::SecretsManager::Secret" -> arn("secretsmanager", "secret:" + logicalId + "-AbCdEf");
            case "AWS::SNS::Topic" -> arn("sns", logicalId);
            case "AWS::S3::Bucket" -> logicalId.toLowerCase(Locale.ROOT);
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + logicalId;
            case "AWS::Lambda::Alias" -> attribute(stack, resource.path("Properties").path("FunctionName"), "Arn")
                    + ":" + resolve(stack, resource.path("Properties").path("Name")).asText();
            case "AWS::Lambda::Version" -> attribute(stack, resource.path("Properties").path("FunctionName"), "Arn")
                    + ":1";
            case "AWS::StepFunctions::StateMachine" -> arn("states", "stateMachine:" + logicalId);
            case "AWS::ECS::TaskDefinition" -> arn("ecs", "task-definition/"
                    + resource.path("Properties").path("Family").asText(logicalId) + ":1");
            case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + account + ":policy/"
                    + resource.path("Properties").path("ManagedPolicyName").asText(logicalId);
            default -> logicalId;
        };
    }

    /** What {@code Fn::GetAtt} of a resource's attribute gives. */
    String getAtt(String stack, String logicalId, String attribute) {
        JsonNode resource = templates.get(stack).path("Resources").path(logicalId);
        String type = resource.path("Type").asText();
        String key = type + "." + attribute;
        return switch (key) {
            case "AWS::DynamoDB::GlobalTable.Arn", "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + logicalId);
            case "AWS::DynamoDB::GlobalTable.StreamArn", "AWS::DynamoDB::Table.StreamArn" ->
                    arn("dynamodb", "table/" + logicalId + "/stream/2026-01-01T00:00:00.000");
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + account + ":role/"
                    + resource.path("Properties").path("RoleName").asText(logicalId);
            case "AWS::Lambda::Function.Arn" -> arn("lambda", "function:" + logicalId);
            case "AWS::Lambda::Url.FunctionUrl" -> "https://" + logicalId.toLowerCase() + ".lambda-url." + REGION
                    + ".on.aws/";
            case "AWS::Logs::LogGroup.Arn" -> arn("logs", "log-group:" + logicalId + ":*");
            case "AWS::SQS::Queue.Arn" -> arn("sqs", logicalId);
            case "AWS::SQS::Queue.QueueName" -> logicalId;
            case "AWS::SNS::Topic.TopicName" -> logicalId;
            case "AWS::SNS::Topic.TopicArn" -> arn("sns", logicalId);
            case "AWS::StepFunctions::StateMachine.Name" -> logicalId;
            case "AWS::StepFunctions::StateMachine.Arn" -> arn("states", "stateMachine:" + logicalId);
            case "AWS::ECS::Cluster.Arn" -> arn("ecs", "cluster/" + logicalId);
            case "AWS::ECS::TaskDefinition.TaskDefinitionArn" -> ref(stack, logicalId);
            case "AWS::ApiGatewayV2::Api.ApiEndpoint" -> "https://" + logicalId.toLowerCase() + ".execute-api."
                    + REGION + ".amazonaws.com";
            case "AWS::ApiGatewayV2::Api.ApiId" -> logicalId;
            case "AWS::KMS::Key.Arn" -> arn("kms", "key/" + logicalId);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + logicalId.toLowerCase(Locale.ROOT);
            case "AWS::CloudFront::Distribution.DomainName" -> logicalId.toLowerCase(Locale.ROOT) + ".cloudfront.net";
            case "AWS::EC2::SecurityGroup.GroupId" -> logicalId;
            case "AWS::EC2::VPC.CidrBlock" -> "10.0.0.0/16";
            case "AWS::Events::Rule.Arn" -> arn("events", "rule/" + logicalId);
            default -> throw new IllegalArgumentException("no known value for Fn::GetAtt " + key + " ("
                    + stack + "/" + logicalId + ")");
        };
    }

    private String attribute(String stack, JsonNode reference, String attribute) {
        if (reference.has("Ref")) {
            return getAtt(stack, reference.path("Ref").asText(), attribute);
        }
        return resolve(stack, reference).asText();
    }

    private String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + account + ":" + resource;
    }

    /** A state machine's definition as Step Functions gets it: every CloudFormation reference in it resolved. */
    JsonNode stateMachineDefinition(String logicalIdPrefix) {
        Map.Entry<String, String> machine = find("AWS::StepFunctions::StateMachine", logicalIdPrefix);
        return IamSimulator.read(resolve(machine.getKey(), resources(machine.getKey()).get(machine.getValue())
                .path("Properties").path("DefinitionString")).asText());
    }

    /** Whether a condition of the stack's {@code Conditions} holds. */
    boolean condition(String stack, String name) {
        return resolve(stack, templates.get(stack).path("Conditions").path(name)).asBoolean();
    }

    /** The value with every intrinsic function of it evaluated. */
    JsonNode resolve(String stack, JsonNode value) {
        if (value.isArray()) {
            ArrayNode resolved = NODES.arrayNode();
            value.forEach(item -> resolved.add(resolve(stack, item)));
            return resolved;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            Map.Entry<String, JsonNode> only = value.fields().next();
            JsonNode argument = only.getValue();
            switch (only.getKey()) {
                case "Ref": {
                    JsonNode parameter = templates.get(stack).path("Parameters").path(argument.asText());
                    if (parameter.path("Type").asText().equals("CommaDelimitedList")) {
                        ArrayNode list = NODES.arrayNode();
                        String items = ref(stack, argument.asText());
                        if (!items.isEmpty()) {
                            for (String item : items.split(",")) {
                                list.add(item.strip());
                            }
                        }
                        return list;
                    }
                    return TextNode.valueOf(ref(stack, argument.asText()));
                }
                case "Fn::Equals":
                    return NODES.booleanNode(resolve(stack, argument.get(0)).equals(resolve(stack, argument.get(1))));
                case "Fn::Not":
                    return NODES.booleanNode(!resolve(stack, argument.get(0)).asBoolean());
                case "Condition":
                    return NODES.booleanNode(condition(stack, argument.asText()));
                case "Fn::If":
                    return resolve(stack, condition(stack, argument.get(0).asText()) ? argument.get(1)
                            : argument.get(2));
                case "Fn::GetAtt": {
                    List<String> parts = argument.isArray()
                            ? List.of(argument.get(0).asText(), argument.get(1).asText())
                            : List.of(argument.asText().split("\\.", 2));
                    return TextNode.valueOf(getAtt(stack, parts.get(0), parts.get(1)));
                }
                case "Fn::ImportValue": {
                    Map.Entry<String, JsonNode> export = exports.get(resolve(stack, argument).asText());
                    if (export == null) {
                        throw new IllegalArgumentException("no stack exports " + argument);
                    }
                    return resolve(export.getKey(), export.getValue());
                }
                case "Fn::Join": {
                    String separator = argument.get(0).asText();
                    List<String> parts = new ArrayList<>();
                    resolve(stack, argument.get(1)).forEach(part -> parts.add(part.asText()));
                    return TextNode.valueOf(String.join(separator, parts));
                }
                case "Fn::Select": {
                    int index = resolve(stack, argument.get(0)).asInt();
                    return resolve(stack, argument.get(1)).get(index);
                }
                case "Fn::Split": {
                    ArrayNode parts = NODES.arrayNode();
                    for (String part : resolve(stack, argument.get(1)).asText()
                            .split(Pattern.quote(argument.get(0).asText()), -1)) {
                        parts.add(part);
                    }
                    return parts;
                }
                case "Fn::Sub":
                    return TextNode.valueOf(substitute(stack, argument));
                default:
            }
        }
        ObjectNode resolved = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            resolved.set(field.getKey(), resolve(stack, field.getValue()));
        }
        return resolved;
    }

    private String substitute(String stack, JsonNode argument) {
        String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
        Map<String, String> variables = new HashMap<>();
        if (argument.isArray()) {
            argument.get(1).fields().forEachRemaining(v -> variables.put(v.getKey(), resolve(stack, v.getValue())
                    .asText()));
        }
        Matcher matcher = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (variables.containsKey(name)) {
                replacement = variables.get(name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                String[] parts = name.split("\\.", 2);
                replacement = getAtt(stack, parts[0], parts[1]);
            } else {
                replacement = ref(stack, name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${"); // ${!Literal} is the literal ${Literal}
    }
}
