package dev.skyport.infra;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every AWS SDK call Skyport's own classes make in a Lambda jar, read from the bytecode: the call sites of the
 * service clients' operations ({@code DynamoDbClient.putItem}, ...), as the IAM actions they need, by calling class.
 * A new SDK call shows up here whether or not a test runs it.
 */
final class AwsCallSites {

    private static final Pattern CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.([a-z0-9]+)\\.\\w+Client");
    private static final Set<String> NOT_OPERATIONS = Set.of("builder", "create", "close", "waiter",
            "serviceName", "serviceClientConfiguration", "utilities");
    /** SDK service package -> IAM service prefix, where they differ. */
    private static final Map<String, String> PREFIXES = Map.of("sesv2", "ses", "sfn", "states",
            "cloudwatchlogs", "logs", "apigatewaymanagementapi", "execute-api");
    /** SDK operation -> IAM action, where the action is not the operation's name. */
    private static final Map<String, String> ACTIONS = Map.of(
            "s3:ListBuckets", "s3:ListAllMyBuckets",
            "s3:HeadBucket", "s3:ListBucket",
            "s3:GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock",
            "execute-api:PostToConnection", "execute-api:ManageConnections",
            "execute-api:DeleteConnection", "execute-api:ManageConnections",
            "execute-api:GetConnection", "execute-api:ManageConnections");

    private AwsCallSites() {
    }

    /** Calling class (fully qualified, without inner-class suffix) -> the IAM actions its SDK calls need. */
    static Map<String, Set<String>> in(Path jar) {
        Map<String, Set<String>> sites = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JavaClass javaClass : new ClassFileImporter()
                    .withImportOption(location -> location.contains("/dev/skyport/"))
                    .importJar(file)) {
                List<JavaCodeUnitAccess<?>> calls = new ArrayList<>(javaClass.getMethodCallsFromSelf());
                calls.addAll(javaClass.getMethodReferencesFromSelf()); // StsClient::getCallerIdentity
                for (JavaCodeUnitAccess<?> call : calls) {
                    Matcher client = CLIENT.matcher(call.getTargetOwner().getName());
                    String method = call.getName();
                    if (!client.matches() || NOT_OPERATIONS.contains(method)) {
                        continue;
                    }
                    String service = client.group(1);
                    String operation = Character.toUpperCase(method.charAt(0))
                            + method.substring(1).replaceFirst("Paginator$", "");
                    String action = PREFIXES.getOrDefault(service, service) + ":" + operation;
                    String owner = javaClass.getName().replaceFirst("\\$.*", "");
                    sites.computeIfAbsent(owner, k -> new TreeSet<>()).add(ACTIONS.getOrDefault(action, action));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sites;
    }
}
