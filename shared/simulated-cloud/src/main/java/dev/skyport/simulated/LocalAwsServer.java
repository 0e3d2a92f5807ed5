package dev.skyport.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server speaking the AWS STS Query protocol (GetCallerIdentity, AssumeRole, XML answers and errors)
 * and S3 ListBuckets, for the real AWS SDK clients. What an access key gets is scripted by its id.
 */
public final class LocalAwsServer implements AutoCloseable {

    public static final String GOOD_KEY = "AKIAGOODKEY000000001";
    public static final String WRONG_SECRET_KEY = "AKIAWRONGSECRET00001";
    public static final String EXPIRED_KEY = "AKIAEXPIREDKEY000001";
    public static final String DENIED_KEY = "AKIADENIEDKEY0000001";
    public static final String UNKNOWN_KEY = "AKIAUNKNOWNKEY000001";
    public static final String HANGING_KEY = "AKIAHANGINGKEY000001";
    public static final String ROLE_ARN = "arn:aws:iam::210987654321:role/skyport";

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

    private final HttpServer server;
    private final Map<String, String> trustedExternalIds = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> assumedRoles = new CopyOnWriteArrayList<>();

    public LocalAwsServer() {
        server = LoopbackHttp.server();
        server.createContext("/", this::handle);
        server.start();
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
        if ("GET".equals(exchange.getRequestMethod())) {
            answer(exchange, 200, "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Owner><ID>o</ID></Owner><Buckets><Bucket><Name>tf-state-prod</Name>"
                    + "<CreationDate>2026-01-01T00:00:00.000Z</CreationDate><BucketRegion>eu-west-1</BucketRegion>"
                    + "</Bucket></Buckets></ListAllMyBucketsResult>");
            return;
        }
        Map<String, String> form = LoopbackHttp.form(exchange);
        switch (form.getOrDefault("Action", "")) {
            case "GetCallerIdentity" -> callerIdentity(exchange, keyId);
            case "AssumeRole" -> assumeRole(exchange, form);
            default -> error(exchange, 400, "InvalidAction", "unsupported");
        }
    }

    private void callerIdentity(HttpExchange exchange, String keyId) throws IOException {
        switch (keyId) {
            case GOOD_KEY -> answer(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                    + "2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/terraform</Arn>"
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
