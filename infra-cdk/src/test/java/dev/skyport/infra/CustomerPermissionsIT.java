package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.cloudaccounts.domain.AwsRunActions;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.infra.IamSimulator.Decision;
import dev.skyport.infra.IamSimulator.Principal;
import dev.skyport.infra.IamSimulator.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Skyport may do in a customer's AWS account, decided by an IAM policy simulator Skyport did not write
 * ({@code @cloud-copilot/iam-simulate}) over {@code permissions/aws-skyport.template.json} as a customer deploys it:
 * everything a run does is allowed, and nothing that would make the credentials an administrator is. Every role a
 * run makes must carry the Skyport boundary; tags are set only when something is made; deletes, key policies and
 * clusters touch only what Skyport made; the boundary itself cannot be changed. The table is printed.
 */
class CustomerPermissionsIT {

    private static final String ACCOUNT = CustomerAccount.ID;
    private static final String REGION = "eu-west-1";
    private static final Map<String, String> TAGGED = Map.of("aws:RequestTag/managed-by", "skyport");
    private static final Map<String, String> OURS = Map.of("aws:ResourceTag/managed-by", "skyport");

    private static CustomerAccount account;
    private static final List<Row> ROWS = new ArrayList<>();
    private static List<Decision> decisions;

    private record Row(String who, String what, Request request, boolean allowed) {
    }

    @BeforeAll
    static void simulate() {
        DeployedValues skyport = new DeployedValues(SynthesizedApp.get().templates());
        IamSimulator skyportIam = new IamSimulator(skyport);
        Principal verifier = skyportIam.role("CloudAccountsFunctionRole");
        Principal broker = skyportIam.role("RunBrokerFunctionRole");
        Principal preflight = skyportIam.role("RunPreflightFunctionRole");
        account = new CustomerAccount(List.of(verifier.arn(), broker.arn(), preflight.arn()));
        assertThat(account.makesRole()).isTrue();
        assertThat(new CustomerAccount(List.of()).makesRole()).as("access keys: no role").isFalse();

        trust(List.of(verifier, broker, preflight), skyportIam.role("TerraformTaskTaskRole"));
        for (Principal customer : List.of(account.role(), account.user())) {
            whatARunDoes(customer);
            whatNoRunMayDo(customer);
        }
        theBoundary();
        decisions = IamSimulator.decide(ROWS.stream().map(Row::request).toList());
        StringBuilder table = new StringBuilder("\nIAM simulation of the customer's account"
                + " (permissions/aws-skyport.template.json):\n");
        for (int i = 0; i < decisions.size(); i++) {
            Row row = ROWS.get(i);
            table.append(String.format("| %-24s | %-32s | %-86s | %-16s | %s |%n", row.who(),
                    row.request().action(), row.request().resource(), decisions.get(i).result(),
                    (row.allowed() ? "allow: " : "deny: ") + row.what()));
        }
        System.out.println(table);
    }

    private static void allow(Principal who, String what, String action, String resource, Map<String, ?> context) {
        ROWS.add(new Row(who.name(), what, new Request(who, action, resource, new LinkedHashMap<>(context),
                resourcePolicy(resource)), true));
    }

    private static void deny(Principal who, String what, String action, String resource, Map<String, ?> context) {
        ROWS.add(new Row(who.name(), what, new Request(who, action, resource, new LinkedHashMap<>(context),
                resourcePolicy(resource)), false));
    }

    /**
     * A KMS key decides with its key policy first: the EKS module's keys (and most keys) have the default one, which
     * lets the account's IAM policies decide. Other resources here have none.
     */
    private static JsonNode resourcePolicy(String resource) {
        return resource.contains(":kms:") && resource.contains(":key/") ? IamSimulator.read("""
                {"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM policies","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}""".formatted(ACCOUNT))
                : null;
    }

    private static String ec2(String type, String id) {
        return "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":" + type + "/" + id;
    }

    private static String iam(String type, String name) {
        return "arn:aws:iam::" + ACCOUNT + ":" + type + "/" + name;
    }

    private static Map<String, Object> with(Object... keysAndValues) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return context;
    }

    /**
     * Who may assume the customer's role: Skyport's verifier, run broker and run preflight, with the owner's external
     * id only.
     */
    private static void trust(List<Principal> skyports, Principal task) {
        Principal broker = skyports.get(1);
        for (Principal skyport : skyports) {
            ROWS.add(new Row(skyport.name(), "Skyport assumes the role with the owner's external id",
                    new Request(skyport, "sts:AssumeRole", account.roleArn(),
                            Map.of("sts:ExternalId", CustomerAccount.EXTERNAL_ID), account.trustPolicy()), true));
        }
        ROWS.add(new Row(broker.name(), "another owner's external id", new Request(broker, "sts:AssumeRole",
                account.roleArn(), Map.of("sts:ExternalId", "skyport-someone-else-0000"), account.trustPolicy()),
                false));
        ROWS.add(new Row(broker.name(), "no external id", new Request(broker, "sts:AssumeRole",
                account.roleArn(), Map.of(), account.trustPolicy()), false));
        ROWS.add(new Row(task.name(), "the Terraform task itself", new Request(task, "sts:AssumeRole",
                account.roleArn(), Map.of("sts:ExternalId", CustomerAccount.EXTERNAL_ID), account.trustPolicy()),
                false));
    }

    /**
     * Every kind of call an EKS apply and destroy makes, on what Skyport makes: the very list the preflight asks AWS
     * about ({@link AwsRunActions}), and what connecting and the preflight themselves ask.
     */
    private static void whatARunDoes(Principal customer) {
        allow(customer, "who am I", "sts:GetCallerIdentity", "*", Map.of());
        allow(customer, "list the buckets (connecting, choosing the state bucket)", "s3:ListAllMyBuckets", "*",
                Map.of());
        boolean user = customer.arn().contains(":user/");
        allow(customer, "what the preflight asks IAM, about itself", "iam:SimulatePrincipalPolicy", customer.arn(),
                user ? Map.of("aws:username", customer.arn().substring(customer.arn().indexOf(":user/") + 6))
                        : Map.of());
        PreflightScope scope = new PreflightScope(REGION, "demo", CustomerAccount.STATE_BUCKET,
                CustomerAccount.STATE_PREFIX + "skyport/7c9e6679-7425-40de-944b-e07fc1f90ae7/terraform.tfstate");
        for (AwsRunActions.Check check : AwsRunActions.of("aws", ACCOUNT, scope)) {
            Map<String, Object> context = new LinkedHashMap<>();
            check.context().forEach(entry -> context.put(entry.key(), switch (entry.type()) {
                case STRING_LIST -> entry.values();
                default -> entry.values().getFirst();
            }));
            allow(customer, "a run: " + check.action(), check.action(), simulatorArn(check.resource()), context);
        }
    }

    /**
     * AWS's public parameters have no account in their ARN ({@code arn:aws:ssm:<region>::parameter/aws/...}); the
     * simulator's resource model needs one, and the policy's {@code *} matches either.
     */
    private static String simulatorArn(String resource) {
        return resource.replaceFirst("^(arn:aws:ssm:[a-z0-9-]+)::parameter/", "$1:" + ACCOUNT + ":parameter/");
    }

    /** What would let the credentials, or anything a run makes, reach beyond Skyport's clusters. */
    private static void whatNoRunMayDo(Principal customer) {
        String role = iam("role", "skyport-escalate");
        deny(customer, "a role without the boundary", "iam:CreateRole", role, Map.of());
        deny(customer, "a role with another boundary", "iam:CreateRole", role,
                Map.of("iam:PermissionsBoundary", iam("policy", "AdministratorAccess")));
        deny(customer, "an inline policy on a role without the boundary", "iam:PutRolePolicy", role, Map.of());
        deny(customer, "an administrator policy on a role without the boundary", "iam:AttachRolePolicy", role,
                Map.of("iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess"));
        deny(customer, "a new trust policy on a role without the boundary", "iam:UpdateAssumeRolePolicy", role,
                Map.of());
        deny(customer, "take the boundary off a role", "iam:DeleteRolePermissionsBoundary",
                iam("role", "skyport-demo-cluster"), Map.of("iam:PermissionsBoundary", account.boundaryArn()));
        deny(customer, "rewrite the boundary", "iam:CreatePolicyVersion", account.boundaryArn(), Map.of());
        deny(customer, "switch the boundary's version", "iam:SetDefaultPolicyVersion", account.boundaryArn(),
                Map.of());
        deny(customer, "change its own role's policies", "iam:AttachRolePolicy", iam("role", "skyport"),
                Map.of("iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess"));
        deny(customer, "a user of its own", "iam:CreateUser", iam("user", "skyport-backdoor"), Map.of());
        deny(customer, "hand a role to EC2 instances", "iam:PassRole", iam("role", "skyport-demo-cluster"),
                Map.of("iam:PassedToService", "ec2.amazonaws.com"));
        deny(customer, "tag someone else's VPC as Skyport's", "ec2:CreateTags", ec2("vpc", "vpc-theirs"),
                Map.of("aws:RequestTag/managed-by", "skyport", "aws:TagKeys", List.of("managed-by")));
        deny(customer, "take over a Skyport resource's tag", "ec2:CreateTags", ec2("subnet", "subnet-0a1b"),
                with("aws:ResourceTag/managed-by", "skyport", "aws:TagKeys", List.of("managed-by")));
        deny(customer, "delete someone else's VPC", "ec2:DeleteVpc", ec2("vpc", "vpc-theirs"), Map.of());
        deny(customer, "a VPC without Skyport's tag", "ec2:CreateVpc", ec2("vpc", "*"), Map.of());
        deny(customer, "a subnet in someone else's VPC", "ec2:CreateSubnet", ec2("vpc", "vpc-theirs"), Map.of());
        deny(customer, "start instances itself", "ec2:RunInstances", ec2("instance", "*"), TAGGED);
        String theirKey = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/99999999-0000-1111-2222-333333333333";
        deny(customer, "rewrite someone else's key policy", "kms:PutKeyPolicy", theirKey, Map.of());
        deny(customer, "retire someone else's key", "kms:ScheduleKeyDeletion", theirKey, Map.of());
        deny(customer, "tag someone else's key as Skyport's", "kms:TagResource", theirKey,
                Map.of("aws:TagKeys", List.of("managed-by")));
        deny(customer, "an EKS cluster without Skyport's tag", "eks:CreateCluster", "*", Map.of());
        deny(customer, "a key that bypasses its policy's lockout check", "kms:CreateKey", "*",
                with("aws:RequestTag/managed-by", "skyport", "kms:BypassPolicyLockoutSafetyCheck", "true"));
        String theirs = "arn:aws:eks:" + REGION + ":" + ACCOUNT + ":cluster/prod";
        deny(customer, "delete a cluster Skyport did not make", "eks:DeleteCluster", theirs, Map.of());
        deny(customer, "reach into a cluster Skyport did not make", "eks:CreateAccessEntry", theirs, Map.of());
        deny(customer, "another bucket", "s3:GetObject", "arn:aws:s3:::acme-payroll/data.csv", Map.of());
        deny(customer, "another prefix of the state bucket", "s3:PutObject", "arn:aws:s3:::"
                + CustomerAccount.STATE_BUCKET + "/other/thing", Map.of());
        deny(customer, "the account's secrets", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:" + REGION
                + ":" + ACCOUNT + ":secret:prod/db-AbCdEf", Map.of());
    }

    /** A role a run made, even with every permission attached, is held by the boundary. */
    private static void theBoundary() {
        Principal made = account.roleMadeByARun("skyport-demo-nodes");
        allow(made, "nodes run and reach the network", "ec2:DescribeInstances", "*", Map.of());
        allow(made, "nodes pull images", "ecr:GetAuthorizationToken", "*", Map.of());
        allow(made, "the CSI driver makes volumes", "ec2:CreateVolume", ec2("volume", "*"), Map.of());
        deny(made, "IAM of any kind", "iam:CreateRole", iam("role", "anything"), Map.of());
        deny(made, "users", "iam:CreateUser", iam("user", "backdoor"), Map.of());
        deny(made, "the account's data", "s3:GetObject", "arn:aws:s3:::acme-payroll/data.csv", Map.of());
        deny(made, "the account's secrets", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:" + REGION
                + ":" + ACCOUNT + ":secret:prod/db-AbCdEf", Map.of());
        deny(made, "other roles", "sts:AssumeRole", iam("role", "admin"), Map.of());
    }

    private static List<String> mismatches(boolean allowed) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            Row row = ROWS.get(i);
            Decision decision = decisions.get(i);
            if (row.allowed() == allowed && !(allowed ? decision.allowed() : decision.denied())) {
                wrong.add(row.who() + " (" + row.what() + "): " + row.request().action() + " on "
                        + row.request().resource() + " " + row.request().context() + " -> " + decision.result() + " "
                        + decision.errors());
            }
        }
        return wrong;
    }

    @Test
    void everything_a_run_does_in_the_customers_account_is_allowed() {
        assertThat(mismatches(true)).isEmpty();
    }

    @Test
    void nothing_that_reaches_beyond_skyports_own_clusters_is_allowed() {
        assertThat(mismatches(false)).isEmpty();
    }
}
