package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.platform.lambda.ClassPriming;
import dev.skyport.testing.ShadedJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each function's deployable Lambda jar carries (the jars the functions' package phase built, which this module
 * follows in the build): only the AWS service modules the function calls, SES only where mail is sent, and one HTTP
 * client, the URL-connection one every function is given, and not Micronaut's; the event functions (realtime,
 * stream-publisher) no HTTP server, router or security. A dependency that brings back the SDK's Apache or Netty
 * clients, Netty itself or a whole provider transport fails here instead of adding megabytes and classes to every
 * cold start. The size caps are today's sizes with some headroom, a guard rather than a goal, except
 * cloud-accounts': the goal itself, under 100 MB unzipped.
 */
class LambdaJarsIT {

    /**
     * {@code http}: whether the function serves HTTP routes (and so carries Micronaut's HTTP and security stack);
     * {@code jar}: the jar's name, when the module makes a second one ({@code <module>-<variant>}).
     */
    private record Expected(String function, String jar, Set<String> services, boolean http, long maxUnzippedMb) {
        Expected(String function, Set<String> services, boolean http, long maxUnzippedMb) {
            this(function, function, services, http, maxUnzippedMb);
        }

        @Override
        public String toString() {
            return jar;
        }
    }

    private static final Pattern SERVICE = Pattern.compile("^software/amazon/awssdk/services/([a-z0-9]+)/");
    private static final List<String> OTHER_HTTP_STACKS = List.of("io/netty/", "org/apache/hc/", "org/apache/http/",
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/");
    /**
     * Micronaut's HTTP client and service discovery: no function calls out through them, and their bean definitions
     * loaded at every cold start.
     */
    private static final List<String> UNUSED = List.of("io/micronaut/http/client/", "io/micronaut/discovery/",
            // Log4j 2's core: CDK turns the Lambda runtime's Log4Shell patch off (SkyportFunction), which is right
            // only while no jar carries it. Logback logs.
            "org/apache/logging/log4j/core/");
    /** What only an HTTP function needs: its bean definitions alone cost an event function a quarter of its init. */
    private static final List<String> WEB_STACK = List.of("io/micronaut/http/server/", "io/micronaut/web/router/",
            "io/micronaut/security/", "com/nimbusds/");

    static List<Expected> functions() {
        return List.of(
                // the mail work goes to an SQS queue, and its consumer is in the same jar
                new Expected("auth", Set.of("dynamodb", "secretsmanager", "sesv2", "sns", "sqs"), true, 70),
                new Expected("accounts", Set.of("dynamodb", "secretsmanager", "sns"), true, 60),
                // the audit archive (same code): S3's client, which only it uses
                new Expected("accounts", "accounts-archive", Set.of("dynamodb", "secretsmanager", "sns", "s3"), true,
                        70),
                new Expected("cloud-accounts", Set.of("dynamodb", "secretsmanager", "sns", "sts", "s3"), true, 99),
                // the run preflight (same code): IAM's SimulatePrincipalPolicy, which only it calls, is 12 MB
                new Expected("cloud-accounts", "cloud-accounts-preflight",
                        Set.of("dynamodb", "secretsmanager", "sns", "sts", "s3", "iam"), true, 115),
                // the run broker (same jar) asks ECS which run a task is, assumes customers' roles with STS and
                // signs the plan files' URLs with S3's presigner (which needs S3's 9.5 MB model)
                // and the expiry's keeper (same jar) writes EventBridge Scheduler schedules
                new Expected("clusters", Set.of("dynamodb", "secretsmanager", "sfn", "cloudwatchlogs", "ecs", "sts",
                        "s3", "scheduler"),
                        true, 95),
                // its channels queue each delivery attempt on SQS and read their secrets
                new Expected("notifications", Set.of("dynamodb", "secretsmanager", "sqs"), true, 60),
                new Expected("realtime", Set.of("dynamodb", "secretsmanager", "apigatewaymanagementapi"), false, 55),
                new Expected("stream-publisher", Set.of("dynamodb", "secretsmanager", "sns"), false, 60));
    }

    /** Each jar's SnapStart function and its first request's class-priming list, recorded at build. */
    static List<Arguments> primedHandlers() {
        return List.of(Arguments.of("auth", "dev.skyport.auth.AuthHandler"),
                Arguments.of("accounts", "dev.skyport.accounts.AccountsHandler"),
                Arguments.of("cloud-accounts", "dev.skyport.cloudaccounts.CloudAccountsHandler"),
                Arguments.of("clusters", "dev.skyport.clusters.ClustersHandler"),
                Arguments.of("notifications", "dev.skyport.notifications.NotificationsHandler"),
                Arguments.of("realtime", "dev.skyport.realtime.WebSocketHandler"),
                Arguments.of("stream-publisher", "dev.skyport.clusters.StreamPublisherHandler"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primedHandlers")
    void a_lambda_jar_lists_the_classes_its_first_request_loads_for_its_handler_to_prime(String function,
                                                                                       String handler)
            throws IOException {
        Path jar = ShadedJar.lambdaJar(Path.of("..", function, "target"), function);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry list = zip.getEntry(ClassPriming.LIST);
            assertThat(list).as("the class-priming list the package phase records").isNotNull();
            List<String> lines = new String(zip.getInputStream(list).readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            assertThat(lines.getFirst()).isEqualTo("# " + handler);
            List<String> classes = lines.subList(1, lines.size());
            assertThat(classes).as("the first request's classes").isNotEmpty().doesNotHaveDuplicates();
            for (String name : classes) {
                boolean inJar = zip.getEntry(name.replace('.', '/') + ".class") != null;
                assertThat(inJar || jdkClass(name))
                        .as("%s is in the jar or the JDK", name).isTrue();
                assertThat(name).as("no random number generator's state in a snapshot").doesNotContain("Random");
            }
        }
    }

    private static boolean jdkClass(String name) {
        try {
            Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException notInTheJdk) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void a_lambda_jar_carries_its_own_aws_services_and_one_http_client(Expected expected) throws IOException {
        Path jar = ShadedJar.lambdaJar(Path.of("..", expected.function(), "target"), expected.jar());
        assertThat(jar).as("the Lambda jar is built by the function's package phase").isRegularFile();
        Set<String> services = new TreeSet<>();
        Set<String> otherHttp = new TreeSet<>();
        Set<String> unused = new TreeSet<>();
        Set<String> web = new TreeSet<>();
        long unzipped = 0;
        boolean urlConnection = false;
        boolean mavenMetadata = false;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                unzipped += Math.max(0, entry.getSize());
                Matcher service = SERVICE.matcher(name);
                if (service.find()) {
                    services.add(service.group(1));
                }
                OTHER_HTTP_STACKS.stream().filter(name::startsWith).forEach(otherHttp::add);
                UNUSED.stream().filter(name::startsWith).forEach(unused::add);
                WEB_STACK.stream().filter(name::startsWith).forEach(web::add);
                urlConnection |= name.startsWith("software/amazon/awssdk/http/urlconnection/");
                mavenMetadata |= name.startsWith("META-INF/maven/") && name.endsWith("/pom.xml");
            }
        }
        assertThat(services).as("AWS service modules").isEqualTo(new TreeSet<>(expected.services()));
        // The channels' guarded sender posts to people's webhooks with Apache HttpClient 5 (its DnsResolver checks
        // the address it connects to); the AWS clients still use the URL-connection one only.
        otherHttp.removeIf(stack -> expected.function().equals("notifications") && stack.equals("org/apache/hc/"));
        assertThat(otherHttp).as("HTTP stacks besides the URL-connection client").isEmpty();
        assertThat(urlConnection).as("the URL-connection client").isTrue();
        assertThat(unused).as("Micronaut's HTTP client and service discovery, Log4j's core").isEmpty();
        if (expected.http()) {
            assertThat(web).as("Micronaut's HTTP server and security").containsAll(WEB_STACK);
        } else {
            assertThat(web).as("an event function's HTTP server, router or security").isEmpty();
        }
        assertThat(mavenMetadata).as("dependencies' pom.xml files, which nothing reads at run time").isFalse();
        assertThat(unzipped / 1_000_000).as("unzipped MB").isLessThanOrEqualTo(expected.maxUnzippedMb());
    }
}
