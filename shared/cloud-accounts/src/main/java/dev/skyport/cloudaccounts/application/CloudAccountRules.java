package dev.skyport.cloudaccounts.application;

import java.time.Duration;
import java.util.Optional;

/**
 * The tunable rules of connecting cloud accounts.
 *
 * @param skyportAwsAccountId Skyport's own AWS account: roles in it are never assumed for a user (empty only where
 *                            Skyport does not run in AWS, as in the local platform)
 * @param failedVerificationsPerUser failed verifications of new credentials a user may have per window
 * @param failedVerificationsPerAddress the same per client address
 * @param failedVerificationWindow how long failures are counted from the first one
 */
public record CloudAccountRules(Optional<String> skyportAwsAccountId, int failedVerificationsPerUser,
                                int failedVerificationsPerAddress, Duration failedVerificationWindow) {

    public CloudAccountRules {
        skyportAwsAccountId = skyportAwsAccountId.map(String::strip).filter(id -> !id.isEmpty());
        if (failedVerificationsPerUser < 1 || failedVerificationsPerAddress < 1 || failedVerificationWindow.isNegative()
                || failedVerificationWindow.isZero()) {
            throw new IllegalArgumentException("failed-verification limits and window must be positive");
        }
    }
}
