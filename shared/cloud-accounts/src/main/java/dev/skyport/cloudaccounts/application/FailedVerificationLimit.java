package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.CloudVerificationException.Cause;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How often credentials a person presents may be refused: per person and per client address (an IPv6 address
 * counts as its /64), within a window. Over either limit, the provider is not asked at all (429 with Retry-After), so
 * Skyport cannot be used to test stolen credentials against AWS, Azure or Google at its expense.
 */
@Singleton
public class FailedVerificationLimit {

    private final VerificationFailures failures;
    private final CloudAccountRules rules;
    private final Clock clock;

    public FailedVerificationLimit(VerificationFailures failures, CloudAccountRules rules, Clock clock) {
        this.failures = failures;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * Runs the provider's check unless the person or the address has failed too often; a refusal that says something
     * about the credentials (not an unreachable or slow provider) counts towards both limits.
     */
    VerifiedAccount verify(UserId owner, String clientAddress, Supplier<VerifiedAccount> check) {
        String address = addressKey(clientAddress);
        Instant now = clock.instant();
        refuseWhileThrottled(failures.current(owner, address, now, rules.failedVerificationWindow()), now);
        try {
            return check.get();
        } catch (CloudVerificationException refused) {
            if (refused.reason() != Cause.UNREACHABLE && refused.reason() != Cause.TIMEOUT) {
                failures.record(owner, address, now, rules.failedVerificationWindow());
            }
            throw refused;
        }
    }

    private void refuseWhileThrottled(VerificationFailures.Counts counts, Instant now) {
        Optional<Instant> blockedUntil = Stream.of(
                        counts.byUser().filter(w -> w.failures() >= rules.failedVerificationsPerUser()),
                        counts.byAddress().filter(w -> w.failures() >= rules.failedVerificationsPerAddress()))
                .flatMap(Optional::stream).map(VerificationFailures.Window::endsAt).filter(now::isBefore)
                .max(Instant::compareTo);
        if (blockedUntil.isPresent()) {
            Duration retryAfter = Duration.between(now, blockedUntil.get());
            throw new DomainException(Failure.RATE_LIMITED, "too-many-failed-verifications",
                    "too many cloud credentials were refused recently; try again in "
                            + Math.max(1, retryAfter.toSeconds()) + " seconds", retryAfter);
        }
    }

    /**
     * The key failures are counted under: the address itself, or for IPv6 its /64 network (one customer's
     * allocation, whose addresses cost nothing to change).
     */
    static String addressKey(String clientAddress) {
        String address = clientAddress == null || clientAddress.isBlank() ? "unknown" : clientAddress.strip();
        if (!address.contains(":") || !address.matches("[0-9A-Fa-f:.]+")) {
            return address;
        }
        try {
            if (InetAddress.getByName(address) instanceof Inet6Address v6) {
                byte[] network = Arrays.copyOf(v6.getAddress(), 8);
                return HexFormat.of().formatHex(network) + "/64";
            }
            return address;
        } catch (UnknownHostException notALiteral) {
            return address;
        }
    }
}
