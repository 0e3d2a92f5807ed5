package dev.skyport.infra;

import java.util.Map;

/** Where the Terraform task's calls land, as AWS evaluates them: shared by the IAM table and the script's tests. */
final class ProvisioningCalls {

    private ProvisioningCalls() {
    }

    /** The ARN the run broker's function URL invokes: the function, qualified with its live alias. */
    static String brokerAlias(DeployedValues values) {
        Map.Entry<String, String> url = values.find("AWS::Lambda::Url", "RunBroker");
        var properties = values.resources(url.getKey()).get(url.getValue()).path("Properties");
        String function = values.resolve(url.getKey(), properties.path("TargetFunctionArn")).asText();
        return properties.has("Qualifier")
                ? function + ":" + values.resolve(url.getKey(), properties.path("Qualifier")).asText() : function;
    }

    /** The resource an entry-script call made with the task's role acts on. */
    static String taskCallResource(String action) {
        return switch (action) {
            // No resource-level permissions (Service Authorization Reference): evaluated against "*".
            case "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat" -> "*";
            default -> throw new AssertionError("the entry script calls " + action
                    + " with the task's role: say in ProvisioningCalls which resource it acts on");
        };
    }
}
