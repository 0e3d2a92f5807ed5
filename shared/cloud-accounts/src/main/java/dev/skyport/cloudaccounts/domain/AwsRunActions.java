package dev.skyport.cloudaccounts.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Every kind of AWS call a run's Terraform makes for an EKS cluster, on what it makes and with the request's
 * context, so an IAM policy evaluation can answer whether the credentials may: the preflight asks AWS
 * ({@code iam:SimulatePrincipalPolicy}), and the build asks an independent simulator over
 * {@code permissions/aws-skyport.template.json} ({@code CustomerPermissionsIT}). Names follow the run's Terraform
 * (cluster {@code skyport-<name>}, its roles and policies {@code skyport-<name>-...}, all tagged
 * {@code managed-by=skyport}).
 */
public final class AwsRunActions {

    /** The tag every resource a run makes carries, and on which every change and delete is conditioned. */
    public static final String TAG = "managed-by";
    public static final String TAG_VALUE = "skyport";
    /** The permissions boundary every role a run makes must carry (the template's {@code Boundary}). */
    public static final String BOUNDARY = "skyport-boundary";

    /** A context key's value, typed as IAM evaluates it. */
    public record Context(String key, Type type, List<String> values) {
        public enum Type { STRING, STRING_LIST, BOOLEAN, ARN }

        public Context {
            values = List.copyOf(values);
        }
    }

    /** One call: the action, the resource it is made on, and the context of the request. */
    public record Check(String action, String resource, List<Context> context) {
        public Check {
            context = List.copyOf(context);
        }

        /** How the preflight names it when it is refused. */
        public String describe() {
            return action + " on " + resource;
        }
    }

    private final String partition;
    private final String account;
    private final String region;
    private final PreflightScope scope;
    private final List<Check> checks = new ArrayList<>();

    private AwsRunActions(String partition, String account, PreflightScope scope) {
        this.partition = partition;
        this.account = account;
        this.region = scope.region();
        this.scope = scope;
    }

    /** What a run of {@code scope} does in account {@code account} of {@code partition} ({@code aws}, ...). */
    public static List<Check> of(String partition, String account, PreflightScope scope) {
        AwsRunActions run = new AwsRunActions(partition, account, scope);
        run.state();
        run.network();
        run.cluster();
        run.identities();
        run.keysAndLogs();
        return List.copyOf(run.checks);
    }

    private void state() {
        String bucket = "arn:" + partition + ":s3:::" + scope.stateBucket();
        for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
            add(action, bucket + "/" + scope.stateKey()); // the state, and (with .tflock) its lock file
        }
        for (String action : List.of("s3:ListBucket", "s3:GetBucketVersioning", "s3:GetBucketPublicAccessBlock")) {
            add(action, bucket);
        }
    }

    private void network() {
        add("ec2:DescribeVpcs", "*");
        add("ec2:DescribeAvailabilityZones", "*");
        add("ec2:CreateVpc", ec2("vpc", "*"), tagged());
        add("ec2:CreateTags", ec2("vpc", "*"), new Context("ec2:CreateAction", Context.Type.STRING,
                List.of("CreateVpc")), tagged());
        add("ec2:CreateSubnet", ec2("subnet", "*"), tagged());
        add("ec2:CreateSubnet", ec2("vpc", "vpc-00000000000000000"), ours());
        add("ec2:CreateNatGateway", ec2("natgateway", "*"), tagged());
        add("ec2:CreateNatGateway", ec2("subnet", "subnet-00000000000000000"), ours());
        add("ec2:AuthorizeSecurityGroupIngress", ec2("security-group", "sg-00000000000000000"), ours());
        // A changed spec retags what the run made (never the managed-by tag itself).
        add("ec2:CreateTags", ec2("subnet", "subnet-00000000000000000"), ours(), new Context("aws:TagKeys",
                Context.Type.STRING_LIST, List.of("skyport-cluster")));
        add("ec2:DeleteSubnet", ec2("subnet", "subnet-00000000000000000"), ours());
        add("ec2:DeleteVpc", ec2("vpc", "vpc-00000000000000000"), ours());
    }

    private void cluster() {
        String cluster = arn("eks", "cluster/" + clusterName());
        add("eks:CreateCluster", "*", tagged()); // no resource-level permission for CreateCluster
        for (String action : List.of("eks:DescribeCluster", "eks:UpdateClusterVersion", "eks:UpdateClusterConfig",
                "eks:CreateNodegroup", "eks:CreateAccessEntry", "eks:DeleteCluster")) {
            add(action, cluster);
        }
        add("eks:DescribeAddonVersions", "*");
        // AWS's public parameters have no account in their ARN.
        add("ssm:GetParameter", "arn:" + partition + ":ssm:" + region + "::parameter/aws/service/eks/optimized-ami/"
                + "1.33/amazon-linux-2023/x86_64/standard/recommended/image_id");
    }

    private void identities() {
        String role = iam("role/" + clusterName() + "-cluster");
        Context bounded = new Context("iam:PermissionsBoundary", Context.Type.ARN, List.of(iam("policy/" + BOUNDARY)));
        add("iam:CreateRole", role, bounded);
        add("iam:AttachRolePolicy", role, bounded, new Context("iam:PolicyARN", Context.Type.ARN,
                List.of("arn:" + partition + ":iam::aws:policy/AmazonEKSClusterPolicy")));
        add("iam:PutRolePolicy", role, bounded);
        add("iam:DeleteRole", role, bounded);
        add("iam:PassRole", role, new Context("iam:PassedToService", Context.Type.STRING,
                List.of("eks.amazonaws.com")));
        add("iam:CreatePolicy", iam("policy/" + clusterName() + "-encryption"));
        add("iam:CreateOpenIDConnectProvider", iam("oidc-provider/oidc.eks." + region
                + ".amazonaws.com/id/00000000000000000000000000000000"));
        add("iam:CreateServiceLinkedRole", iam("role/aws-service-role/eks-nodegroup.amazonaws.com/"
                + "AWSServiceRoleForAmazonEKSNodegroup"), new Context("iam:AWSServiceName", Context.Type.STRING,
                List.of("eks-nodegroup.amazonaws.com")));
    }

    private void keysAndLogs() {
        String key = arn("kms", "key/00000000-0000-0000-0000-000000000000");
        add("kms:CreateKey", "*", tagged(), new Context("kms:BypassPolicyLockoutSafetyCheck", Context.Type.BOOLEAN,
                List.of("false")));
        add("kms:PutKeyPolicy", key, ours());
        add("kms:CreateAlias", arn("kms", "alias/eks/" + clusterName()));
        add("kms:CreateAlias", key, ours());
        add("kms:ScheduleKeyDeletion", key, ours());
        add("logs:CreateLogGroup", arn("logs", "log-group:/aws/eks/" + clusterName() + "/cluster"));
    }

    private String clusterName() {
        return "skyport-" + scope.clusterName();
    }

    private void add(String action, String resource, Context... context) {
        checks.add(new Check(action, resource, List.of(context)));
    }

    private static Context tagged() {
        return new Context("aws:RequestTag/" + TAG, Context.Type.STRING, List.of(TAG_VALUE));
    }

    private static Context ours() {
        return new Context("aws:ResourceTag/" + TAG, Context.Type.STRING, List.of(TAG_VALUE));
    }

    private String arn(String service, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    private String ec2(String type, String id) {
        return arn("ec2", type + "/" + id);
    }

    private String iam(String resource) {
        return "arn:" + partition + ":iam::" + account + ":" + resource;
    }
}
