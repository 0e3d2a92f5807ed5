package dev.skyport.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server speaking the AWS STS and IAM Query protocols (GetCallerIdentity, AssumeRole,
 * SimulatePrincipalPolicy; XML answers and errors) and S3's bucket calls (ListBuckets, HeadBucket, versioning,
 * public access block), for the real AWS SDK clients. What an access key gets is scripted by its id; what a
 * principal may do, by the actions {@link #deny denied} to it (everything else is allowed, as Skyport's template
 * grants it).
 */
public final class LocalAwsServer implements AutoCloseable {

    public static final String GOOD_KEY = "AKIAGOODKEY000000001";
    public static final String WRONG_SECRET_KEY = "AKIAWRONGSECRET00001";
    public static final String EXPIRED_KEY = "AKIAEXPIREDKEY000001";
    public static final String DENIED_KEY = "AKIADENIEDKEY0000001";
    public static final String UNKNOWN_KEY = "AKIAUNKNOWNKEY000001";
    public static final String HANGING_KEY = "AKIAHANGINGKEY000001";
    /** Keys of a user whose policies lack one permission a run needs ({@link #LACKING_ACTION}). */
    public static final String LACKING_KEY = "AKIALACKINGKEY000001";
    public static final String LACKING_ACTION = "eks:CreateCluster";
    public static final String GOOD_USER = "arn:aws:iam::123456789012:user/terraform";
    public static final String LACKING_USER = "arn:aws:iam::123456789012:user/terraform-without-eks";
    public static final String ROLE_ARN = "arn:aws:iam::210987654321:role/skyport";

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

    private final HttpServer server;
    private final Map<String, String> trustedExternalIds = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> assumedRoles = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();
    private final Map<String, StateBucket> buckets = new ConcurrentHashMap<>();

    /** A bucket of the simulated account: where, and how it keeps state. */
    public record StateBucket(String name, String region, boolean versioned, boolean blocksPublicAccess) {
    }

    /** The buckets every simulated account has: two fit for state, one that is not. */
    public static final List<StateBucket> BUCKETS = List.of(
            new StateBucket("tf-state-prod", "eu-west-1", true, true),
            new StateBucket("acme-tf-state", "eu-west-1", true, true),
            new StateBucket("tf-state-unversioned", "eu-west-1", false, false));

    public LocalAwsServer() {
        server = LoopbackHttp.server();
        server.createContext("/", this::handle);
        server.start();
        BUCKETS.forEach(bucket -> buckets.put(bucket.name(), bucket));
        deny(LACKING_USER, LACKING_ACTION);
    }

    /** IAM evaluates {@code action} to implicitDeny for {@code principalArn} (a user's or role's ARN). */
    public void deny(String principalArn, String action) {
        denied.computeIfAbsent(principalArn, k -> ConcurrentHashMap.newKeySet()).add(action);
    }

    /** The role's trust policy accepts this external id. */
    public void trust(String roleArn, String externalId) {
        trustedExternalIds.put(roleArn, externalId);
    }

    /** The role's trust policy names Skyport but asks for no external id: any id is accepted. */
    public void trustWithoutExternalId(String roleArn) {
        trustedExternalIds.put(roleArn, ANY_EXTERNAL_ID);
    }

    private static final String ANY_EXTERNAL_ID = "*";
    /** A role that trusts the first Skyport external id it is assumed with (as a real role names one). */
    private static final String FIRST_SKYPORT_EXTERNAL_ID = "first";
    /** The shape of the external ids Skyport makes. */
    private static final Pattern SKYPORT_EXTERNAL_ID = Pattern.compile("^skyport-[A-Za-z0-9_-]{32}$");

    /**
     * The role's trust policy will name the external id of the first Skyport user who assumes it: the local
     * platform's role sample, which its user "creates" with their own external id by connecting it first.
     */
    public void trustFirstSkyportExternalId(String roleArn) {
        trustedExternalIds.put(roleArn, FIRST_SKYPORT_EXTERNAL_ID);
    }

    /** Every request received (STS and S3). */
    public int requests() {
        return requests.get();
    }

    /** The RoleArn of every AssumeRole request received, allowed or not. */
    public List<String> assumeRoleRequests() {
        return List.copyOf(assumedRoles);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        Matcher matcher = CREDENTIAL.matcher(auth);
        String keyId = matcher.find() ? matcher.group(1) : "";
        if (keyId.equals(HANGING_KEY)) {
            LoopbackHttp.hang();
        }
        String method = exchange.getRequestMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            s3(exchange, method, auth);
            return;
        }
        Map<String, String> form = LoopbackHttp.form(exchange);
        switch (form.getOrDefault("Action", "")) {
            case "GetCallerIdentity" -> callerIdentity(exchange, keyId);
            case "AssumeRole" -> assumeRole(exchange, form);
            case "SimulatePrincipalPolicy" -> simulate(exchange, keyId, form);
            default -> error(exchange, 400, "InvalidAction", "unsupported");
        }
    }

    /** S3, path style: the bucket list, and of one bucket its head, versioning and public access block. */
    private void s3(HttpExchange exchange, String method, String auth) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "");
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        if (path.isEmpty()) {
            StringBuilder list = new StringBuilder("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/"
                    + "2006-03-01/\"><Owner><ID>o</ID></Owner><Buckets>");
            BUCKETS.forEach(bucket -> list.append("<Bucket><Name>").append(bucket.name()).append("</Name>")
                    .append("<CreationDate>2026-01-01T00:00:00.000Z</CreationDate><BucketRegion>")
                    .append(bucket.region()).append("</BucketRegion></Bucket>"));
            answer(exchange, 200, list.append("</Buckets></ListAllMyBucketsResult>").toString());
            return;
        }
        StateBucket bucket = buckets.get(path);
        if (bucket == null) {
            s3Error(exchange, method, 404, "NoSuchBucket", "The specified bucket does not exist");
            return;
        }
        Matcher signedFor = Pattern.compile("Credential=[A-Z0-9]+/\\d{8}/([a-z0-9-]+)/s3/").matcher(auth);
        if (signedFor.find() && !signedFor.group(1).equals(bucket.region())) {
            // S3 answers a request signed for another region with a redirect that names the bucket's.
            exchange.getResponseHeaders().add("x-amz-bucket-region", bucket.region());
            s3Error(exchange, method, 301, "PermanentRedirect", "The bucket is in another region");
            return;
        }
        exchange.getResponseHeaders().add("x-amz-bucket-region", bucket.region());
        if ("HEAD".equals(method)) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        } else if (query.startsWith("versioning")) {
            answer(exchange, 200, "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + (bucket.versioned() ? "<Status>Enabled</Status>" : "") + "</VersioningConfiguration>");
        } else if (query.startsWith("publicAccessBlock") && bucket.blocksPublicAccess()) {
            answer(exchange, 200, "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                    + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
                    + "</PublicAccessBlockConfiguration>");
        } else if (query.startsWith("publicAccessBlock")) {
            s3Error(exchange, method, 404, "NoSuchPublicAccessBlockConfiguration",
                    "The public access block configuration was not found");
        } else {
            s3Error(exchange, method, 501, "NotImplemented", "not simulated");
        }
    }

    private static void s3Error(HttpExchange exchange, String method, int status, String code, String message)
            throws IOException {
        if ("HEAD".equals(method)) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        answer(exchange, status, "<Error><Code>" + code + "</Code><Message>" + message + "</Message>"
                + "<RequestId>r-s3</RequestId></Error>");
    }

    /**
     * IAM's policy simulation of a principal: every action asked about is allowed unless denied to that principal.
     * Only a caller that may ask (not {@link #DENIED_KEY}, nor a principal denied {@code iam:SimulatePrincipalPolicy})
     * asks, and only about a principal IAM knows.
     */
    private void simulate(HttpExchange exchange, String keyId, Map<String, String> form) throws IOException {
        String principal = String.valueOf(form.get("PolicySourceArn"));
        if (keyId.equals(DENIED_KEY) || denied.getOrDefault(principal, Set.of()).contains(
                "iam:SimulatePrincipalPolicy")) {
            error(exchange, 403, "AccessDenied", "User is not authorized to perform: iam:SimulatePrincipalPolicy on"
                    + " resource: " + principal);
            return;
        }
        if (!List.of(GOOD_USER, LACKING_USER, ROLE_ARN).contains(principal)) {
            error(exchange, 404, "NoSuchEntity", "The principal " + principal + " cannot be found.");
            return;
        }
        Set<String> refused = denied.getOrDefault(principal, Set.of());
        String resource = form.getOrDefault("ResourceArns.member.1", "*");
        StringBuilder results = new StringBuilder();
        for (int i = 1; form.containsKey("ActionNames.member." + i); i++) {
            String action = form.get("ActionNames.member." + i);
            results.append("<member><EvalActionName>").append(action).append("</EvalActionName><EvalResourceName>")
                    .append(resource).append("</EvalResourceName><EvalDecision>")
                    .append(refused.contains(action) ? "implicitDeny" : "allowed")
                    .append("</EvalDecision><MatchedStatements/><MissingContextValues/></member>");
        }
        answer(exchange, 200, "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>" + results
                + "</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>r-3</RequestId>"
                + "</ResponseMetadata></SimulatePrincipalPolicyResponse>");
    }

    private void callerIdentity(HttpExchange exchange, String keyId) throws IOException {
        switch (keyId) {
            case GOOD_KEY, LACKING_KEY -> answer(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts"
                    + ".amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>"
                    + (keyId.equals(GOOD_KEY) ? GOOD_USER : LACKING_USER) + "</Arn>"
                    + "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
            case WRONG_SECRET_KEY -> error(exchange, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
            case EXPIRED_KEY -> error(exchange, 403, "ExpiredToken", "The security token included in the request is expired");
            case DENIED_KEY -> error(exchange, 403, "AccessDenied", "User is not authorized to perform: sts:GetCallerIdentity");
            default -> error(exchange, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
    }

    private void assumeRole(HttpExchange exchange, Map<String, String> form) throws IOException {
        String role = form.get("RoleArn");
        assumedRoles.add(role);
        String presented = String.valueOf(form.get("ExternalId"));
        if (SKYPORT_EXTERNAL_ID.matcher(presented).matches()) {
            trustedExternalIds.replace(role, FIRST_SKYPORT_EXTERNAL_ID, presented);
        }
        String expected = trustedExternalIds.get(role);
        if (expected == null || !(expected.equals(ANY_EXTERNAL_ID) || expected.equals(form.get("ExternalId")))) {
            error(exchange, 403, "AccessDenied", "User: arn:aws:sts::000000000000:assumed-role/skyport is not "
                    + "authorized to perform: sts:AssumeRole on resource: " + role);
            return;
        }
        answer(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>ASIATEMPORARY0000001</AccessKeyId><SecretAccessKey>temp</SecretAccessKey>"
                + "<SessionToken>token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROA:skyport-verify</AssumedRoleId><Arn>arn:aws:sts::210987654321:"
                + "assumed-role/skyport/skyport-verify</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata>"
                + "<RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleResponse>");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        answer(exchange, status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>r-err</RequestId></ErrorResponse>");
    }

    private static void answer(HttpExchange exchange, int status, String xml) throws IOException {
        LoopbackHttp.answer(exchange, status, "text/xml", xml);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
