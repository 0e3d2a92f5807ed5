package dev.skyport.infra.cloudaccounts;

import dev.skyport.infra.api.SkyportFunction;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the functions that act in customers' cloud accounts (the verifier, the run broker, the run preflight) are
 * granted, said once: the cloud accounts' secrets, and customers' roles but never one of Skyport's own account.
 */
public final class CustomerAccess {

    private CustomerAccess() {
    }

    /** Every cloud account's secret: one per account, made at run time under {@link CloudAccountsFunction#SECRET_PREFIX}. */
    public static String secrets(Construct scope) {
        return Stack.of(scope).formatArn(ArnComponents.builder().service("secretsmanager").resource("secret")
                .resourceName(CloudAccountsFunction.SECRET_PREFIX + "*").arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    /** The function may read (only read) the cloud accounts' secrets; {@code which} says which one it reads. */
    public static void readSecrets(SkyportFunction function, String which) {
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(secrets(function))).build());
        acknowledgeSecrets(function, "One secret per cloud account, created at run time under the Skyport prefix; "
                + which);
    }

    /** cdk-nag asks about the secrets' wildcard: {@code why} it is needed. */
    public static void acknowledgeSecrets(SkyportFunction function, String why) {
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(why)
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::arn:.*:secretsmanager:.*:secret:skyport\\/cloud-accounts\\/\\*$/g")
                        .build()))
                .build()), true);
    }

    /**
     * The function may assume customers' roles, which live in their own accounts and are named by them (each role's
     * trust policy, with the owner's external id, decides), and never a role of Skyport's own account: one that
     * trusts the account root would make Skyport a confused deputy.
     */
    public static void assumeCustomerRoles(SkyportFunction function) {
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of("arn:" + Aws.PARTITION + ":iam::*:role/*")).build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/*")).build());
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Customers' roles live in their own accounts and are named by them; each role's trust policy,"
                        + " with the owner's external id, decides whether Skyport may assume it. Roles of Skyport's"
                        + " own account are denied.")
                .appliesTo(List.of("Resource::arn:<AWS::Partition>:iam::*:role/*"))
                .build()), true);
    }
}
