package dev.skyport.tools;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.skyport.platform.security.TokenKeySets;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Makes and rotates the token keys in the two Secrets Manager secrets CDK creates: the private set (read only by the
 * token-issuing functions) and the public set (read by every function). Prints kids, never key material.
 * <pre>
 * token-keys status | init | add | promote | retire  --signing-secret-id ID --verification-secret-id ID
 *            [--region R] [--endpoint URL]
 * </pre>
 * A rotation is three steps, each safe to run while people use Skyport:
 * <ol>
 * <li>{@code add}: a new key is published (public set: current + next), it signs nothing yet;</li>
 * <li>{@code promote}, once every function has read the public set again (5 minutes): the new key signs;</li>
 * <li>{@code retire}, once every token signed by the old key has expired (20 minutes: 15 of token life, 5 until
 * every function signs with the new key): the old key goes from both sets.</li>
 * </ol>
 * Public halves are always published before a private half can sign, and withdrawn only after it stopped signing.
 */
public final class TokenKeysCommand {

    private final SecretsManagerClient secretsManager;
    private final String signingSecret;
    private final String verificationSecret;
    private final Clock clock;
    private final PrintStream out;

    public TokenKeysCommand(SecretsManagerClient secretsManager, String signingSecret, String verificationSecret,
                            Clock clock, PrintStream out) {
        this.secretsManager = secretsManager;
        this.signingSecret = signingSecret;
        this.verificationSecret = verificationSecret;
        this.clock = clock;
        this.out = out;
    }

    /** Runs one step; returns the process exit code (0 done, 1 refused with a reason printed, 2 usage). */
    public int run(String step) {
        try {
            switch (step) {
                case "status" -> status();
                case "init" -> init();
                case "add" -> add();
                case "promote" -> promote();
                case "retire" -> retire();
                default -> {
                    out.println("unknown step '" + step + "': status, init, add, promote or retire");
                    return 2;
                }
            }
            return 0;
        } catch (RefusedStep e) {
            out.println("refused: " + e.getMessage());
            return 1;
        }
    }

    private void status() {
        List<ECKey> signing = signing();
        if (signing.isEmpty()) {
            out.println("no keys yet: run 'token-keys init'");
            return;
        }
        out.println("signs:     " + describe(signing.getFirst()));
        signing.stream().skip(1).forEach(key -> out.println("also held: " + describe(key)));
        out.println("published: " + published().getKeys().stream().map(JWK::getKeyID).toList());
    }

    private void init() {
        List<ECKey> held = signing();
        if (!held.isEmpty()) {
            out.println("keys exist already (signing with " + held.getFirst().getKeyID() + "); nothing changed");
            return;
        }
        ECKey first = TokenKeySets.generate(clock.instant());
        save(List.of(first), List.of(first));
        out.println("made the first key " + first.getKeyID() + "; functions that failed to start for want of it"
                + " start on their next request");
    }

    private void add() {
        List<ECKey> held = signing();
        if (held.size() != 1) {
            throw new RefusedStep(held.isEmpty() ? "no keys yet: run 'token-keys init'"
                    : "a rotation is under way (two keys held): run 'promote' or 'retire' first");
        }
        // Which of two keys is the newer tells promote from retire: the new one is made at least a second later.
        Instant madeAt = clock.instant();
        Date current = held.getFirst().getIssueTime();
        if (current != null && !madeAt.isAfter(current.toInstant().plusSeconds(1))) {
            madeAt = current.toInstant().plusSeconds(1);
        }
        ECKey next = TokenKeySets.generate(madeAt);
        save(List.of(held.getFirst(), next), List.of(held.getFirst(), next));
        out.println("published " + next.getKeyID() + "; it signs nothing yet. In 5 minutes every function knows it:"
                + " then run 'token-keys promote'");
    }

    private void promote() {
        List<ECKey> held = signing();
        if (held.size() != 2 || !newer(held.get(1), held.getFirst())) {
            throw new RefusedStep("there is no added key to promote: run 'add' first");
        }
        requirePublished(held);
        save(List.of(held.get(1), held.getFirst()), List.of(held.get(1), held.getFirst()));
        out.println(held.get(1).getKeyID() + " signs from now on (every function within 5 minutes); "
                + held.getFirst().getKeyID() + " still verifies. In 20 minutes run 'token-keys retire'");
    }

    private void retire() {
        List<ECKey> held = signing();
        if (held.size() != 2 || !newer(held.getFirst(), held.get(1))) {
            throw new RefusedStep("there is no promoted key whose predecessor could go: run 'add' and 'promote'"
                    + " first");
        }
        ECKey old = held.get(1);
        save(List.of(held.getFirst()), List.of(held.getFirst()));
        out.println("retired " + old.getKeyID() + "; tokens it signed are refused within 5 minutes");
    }

    /** The public set first: a key is never in the private set without its public half already published. */
    private void save(List<ECKey> privateKeys, List<ECKey> publicKeys) {
        List<ECKey> published = published().getKeys().stream().map(ECKey.class::cast).toList();
        boolean growing = publicKeys.size() >= published.size();
        JWKSet privateSet = new JWKSet(List.copyOf(privateKeys));
        JWKSet publicSet = new JWKSet(List.copyOf(publicKeys)).toPublicJWKSet();
        if (growing) {
            put(verificationSecret, publicSet.toString(true));
            put(signingSecret, privateSet.toString(false));
        } else {
            put(signingSecret, privateSet.toString(false));
            put(verificationSecret, publicSet.toString(true));
        }
    }

    private void requirePublished(List<ECKey> keys) {
        List<String> published = published().getKeys().stream().map(JWK::getKeyID).toList();
        for (ECKey key : keys) {
            if (!published.contains(key.getKeyID())) {
                throw new RefusedStep("the public half of " + key.getKeyID() + " is not published: run 'add' again"
                        + " after 'retire', or fix the secret " + verificationSecret);
            }
        }
    }

    private void put(String secretId, String value) {
        secretsManager.putSecretValue(b -> b.secretId(secretId).secretString(value));
    }

    private List<ECKey> signing() {
        return stored(signingSecret).map(value -> TokenKeySets.parseSigning(value, "the secret " + signingSecret)
                .getKeys().stream().map(ECKey.class::cast).toList()).orElse(List.of());
    }

    private JWKSet published() {
        return stored(verificationSecret).map(value -> TokenKeySets.parseVerification(value,
                "the secret " + verificationSecret)).orElseGet(JWKSet::new);
    }

    /** A secret's key set, or nothing while it still holds what CDK put there ({@link TokenKeySets#NO_KEYS_YET}). */
    private Optional<String> stored(String secretId) {
        String value = secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString();
        return value == null || value.isBlank() || value.replaceAll("\\s", "").equals(TokenKeySets.NO_KEYS_YET)
                ? Optional.empty() : Optional.of(value);
    }

    private static boolean newer(ECKey candidate, ECKey than) {
        Date made = candidate.getIssueTime();
        Date other = than.getIssueTime();
        return made != null && other != null && made.after(other);
    }

    private static String describe(ECKey key) {
        return key.getKeyID() + Optional.ofNullable(key.getIssueTime()).map(d -> " (made " + d.toInstant() + ")")
                .orElse("");
    }

    /** A step that would leave the keys in a state the functions cannot use. */
    static final class RefusedStep extends RuntimeException {
        RefusedStep(String message) {
            super(message);
        }
    }

    private static final String USAGE = "usage: token-keys status|init|add|promote|retire"
            + " --signing-secret-id ID --verification-secret-id ID [--region R] [--endpoint URL]"
            + " (the ids are the SkyportData outputs TokenSigningKeysSecretArn and TokenVerificationKeysSecretArn)";

    /** {@code java -jar shared/tools/target/skyport-tools.jar token-keys STEP [options]}. */
    public static int main(String[] args, PrintStream out) {
        if (args.length == 0) {
            out.println(USAGE);
            return 2;
        }
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder();
        boolean regionGiven = false;
        String signing = null;
        String verification = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                out.println(option + " needs a value");
                return 2;
            }
            String value = args[++i];
            switch (option) {
                case "--region" -> {
                    builder.region(Region.of(value));
                    regionGiven = true;
                }
                case "--endpoint" -> builder.endpointOverride(URI.create(value));
                case "--signing-secret-id" -> signing = value;
                case "--verification-secret-id" -> verification = value;
                default -> {
                    out.println("unknown option " + option);
                    return 2;
                }
            }
        }
        if (signing == null || verification == null) {
            out.println(USAGE);
            return 2;
        }
        if (!regionGiven) {
            // The SDK's own chain (AWS_REGION, aws.region, the profile's region, the instance's metadata); without a
            // region its client builder throws, which printed a stack trace instead of saying what to set.
            try {
                builder.region(new DefaultAwsRegionProviderChain().getRegion());
            } catch (SdkClientException noRegion) {
                out.println("no AWS region: pass --region (the region of the SkyportData stack, e.g. --region"
                        + " eu-west-1) or set AWS_REGION");
                return 2;
            }
        }
        try (SecretsManagerClient client = builder.build()) {
            return new TokenKeysCommand(client, signing, verification, Clock.systemUTC(), out).run(args[0]);
        }
    }
}
