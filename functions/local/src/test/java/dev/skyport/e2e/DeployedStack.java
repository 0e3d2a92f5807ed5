package dev.skyport.e2e;

import dev.skyport.platform.config.DeployedStacks;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.Output;

/**
 * Finds a deployed Skyport for the journey: the API and WebSocket URLs given ({@code -Dskyport.e2e.api},
 * {@code -Dskyport.e2e.ws}), or read from the {@value DeployedStacks#API} stack's outputs with CloudFormation (at
 * {@code AWS_ENDPOINT_URL} for LocalStack or another emulator, else in AWS with the usual credentials and region).
 * Without one it says why, which the tier prints as its reason to skip.
 */
final class DeployedStack {

    /** How long a deployed cluster may take to come up or go, unless {@code -Dskyport.e2e.run-timeout=PT..} says. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(40);

    private DeployedStack() {
    }

    /** A target, or the reason there is none. */
    sealed interface Resolution {
    }

    record Found(Target target) implements Resolution {
    }

    record Absent(String reason) implements Resolution {
    }

    static Resolution resolve(E2eSettings settings) {
        Optional<String> api = settings.get("api");
        Optional<String> ws = settings.get("ws");
        Optional<URI> emulator = settings.awsEndpoint().map(URI::create);
        if (api.isPresent() != ws.isPresent()) {
            return new Absent("give both -Dskyport.e2e.api and -Dskyport.e2e.ws, or neither to read them from the "
                    + DeployedStacks.API + " stack's outputs");
        }
        if (api.isPresent()) {
            return new Found(target("the API given at " + api.get(), URI.create(api.get()), URI.create(ws.get()),
                    emulator, settings));
        }
        Map<String, String> outputs;
        String where = emulator.map(endpoint -> "at " + endpoint).orElseGet(() -> settings.region()
                .map(region -> "in " + region).orElse("in the AWS SDK's default region"));
        try {
            outputs = outputs(settings, emulator);
        } catch (SdkException unreadable) {
            return new Absent("no deployed stack to walk: neither -Dskyport.e2e.api and -Dskyport.e2e.ws given, nor"
                    + " could the " + DeployedStacks.API + " stack's outputs be read with CloudFormation " + where
                    + " (" + why(unreadable) + "). Set AWS_ENDPOINT_URL for LocalStack or"
                    + " another emulator, or AWS credentials and AWS_REGION for a stack in AWS (docs/testing.md)");
        }
        for (String key : new String[] {DeployedStacks.API_URL, DeployedStacks.WEB_SOCKET_URL}) {
            if (!outputs.containsKey(key)) {
                return new Absent("the " + DeployedStacks.API + " stack " + where + " has no " + key + " output; it"
                        + " has " + outputs.keySet());
            }
        }
        return new Found(target("the " + DeployedStacks.API + " stack " + where,
                URI.create(outputs.get(DeployedStacks.API_URL)), URI.create(outputs.get(DeployedStacks.WEB_SOCKET_URL)),
                emulator, settings));
    }

    private static Target target(String description, URI api, URI ws, Optional<URI> emulator, E2eSettings settings) {
        Mailbox mailbox = emulator.<Mailbox>map(Mailbox.SesMessages::new).orElseGet(() -> new Mailbox.Unreadable(
                "SES in AWS delivers the verification mail to a real inbox, which this test cannot read; give a"
                        + " verified person with -Dskyport.e2e.login and -Dskyport.e2e.password"));
        Optional<Target.Person> person = settings.get("login")
                .flatMap(login -> settings.get("password").map(password -> new Target.Person(login, password)));
        Duration timeout = settings.get("run-timeout").map(Duration::parse).orElse(RUN_TIMEOUT);
        return new Target(description, api, ws, mailbox, person, CloudAccountSource.given(settings), timeout);
    }

    /** The stack's outputs, key to value, as {@code aws cloudformation describe-stacks} shows them. */
    static Map<String, String> outputs(E2eSettings settings, Optional<URI> emulator) {
        Map<String, String> outputs = new HashMap<>();
        try (CloudFormationClient cloudFormation = client(settings, emulator)) {
            cloudFormation.describeStacks(request -> request.stackName(DeployedStacks.API)).stacks()
                    .forEach(stack -> stack.outputs().forEach((Output output) ->
                            outputs.put(output.outputKey(), output.outputValue())));
        }
        return outputs;
    }

    /** A client for the emulator, or for CloudFormation in the region given or found by the SDK's chain. */
    static CloudFormationClient client(E2eSettings settings, Optional<URI> emulator) {
        Region region = settings.region().map(Region::of).orElseGet(() -> emulator.isPresent()
                // LocalStack's default region
                ? Region.US_EAST_1 : DefaultAwsRegionProviderChain.builder().build().getRegion());
        // Always an explicit endpoint: the CloudFormation module here (2.25) is older than the SDK's core, which
        // would otherwise look for an endpoint provider that module does not configure.
        URI endpoint = emulator.orElseGet(() -> URI.create("https://cloudformation." + region.id() + "."
                + Optional.ofNullable(RegionMetadata.of(region)).map(RegionMetadata::domain).orElse("amazonaws.com")));
        CloudFormationClientBuilder builder = CloudFormationClient.builder().region(region).endpointOverride(endpoint)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)));
        if (emulator.isPresent()) {
            // An emulator takes any key; LocalStack's documentation uses "test".
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.environment().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                    settings.environment().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /** The SDK's reason in a line: its provider chains list every provider they tried, which says less. */
    private static String why(SdkException unreadable) {
        String message = Optional.ofNullable(unreadable.getMessage()).orElse(unreadable.getClass().getSimpleName());
        if (message.startsWith("Unable to load region")) {
            return "no AWS region: set AWS_REGION, or a region in the AWS profile";
        }
        if (message.startsWith("Unable to load credentials")) {
            return "no AWS credentials: none in the environment, the AWS profile or the instance's role";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
