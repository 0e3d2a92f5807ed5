package dev.skyport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.infra.IamSimulator.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A customer's AWS account after they deployed {@code permissions/aws-skyport.template.json} as the README says:
 * the role Skyport assumes (with its trust policy), the policies its runs use, and the boundary of every role a run
 * makes, with every intrinsic resolved for that account.
 */
final class CustomerAccount {

    static final Path TEMPLATE = Path.of("terraform-image/permissions/aws-skyport.template.json");
    static final String ID = "210987654321";
    static final String EXTERNAL_ID = "skyport-3f9a0c1d2e4b5a6978";
    static final String STATE_BUCKET = "acme-tf-state";
    static final String STATE_PREFIX = "platform/";
    private static final String STACK = "SkyportAccess";

    private final DeployedValues values;
    private final IamSimulator iam;

    /** Deployed with these of Skyport's principals to trust (empty: access keys, no role). */
    CustomerAccount(List<String> skyportPrincipals) {
        JsonNode template;
        try {
            template = IamSimulator.read(Files.readString(TEMPLATE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        values = new DeployedValues(Map.of(STACK, template), ID, Map.of(
                "SkyportPrincipals", String.join(",", skyportPrincipals), "ExternalId", EXTERNAL_ID,
                "StateBucket", STATE_BUCKET, "StatePrefix", STATE_PREFIX));
        iam = new IamSimulator(values);
    }

    /** Whether the template makes the role (it does when Skyport's principals are given). */
    boolean makesRole() {
        return values.condition(STACK, "MakeRole");
    }

    /** The role Skyport assumes, with the template's policies. */
    Principal role() {
        return iam.role("Role");
    }

    /** An IAM user of the account with access keys, with the template's run policies attached. */
    Principal user() {
        List<JsonNode> policies = List.of(iam.managedPolicy(STACK, values.ref(STACK, "NetworkPolicy")),
                iam.managedPolicy(STACK, values.ref(STACK, "ClusterPolicy")));
        return IamSimulator.customer("skyport-user", "arn:aws:iam::" + ID + ":user/skyport", ID, policies, List.of());
    }

    /** A role a run made, that someone gave every permission: the boundary is all that limits it. */
    Principal roleMadeByARun(String name) {
        return IamSimulator.customer(name, "arn:aws:iam::" + ID + ":role/" + name, ID,
                List.of(IamSimulator.read("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"*\",\"Resource\":\"*\"}]}")),
                List.of(iam.managedPolicy(STACK, boundaryArn())));
    }

    String boundaryArn() {
        return values.ref(STACK, "Boundary");
    }

    String roleArn() {
        return values.getAtt(STACK, "Role", "Arn");
    }

    /** The role's trust policy: the resource policy of sts:AssumeRole on it. */
    JsonNode trustPolicy() {
        return iam.trustPolicy("Role");
    }
}
