package dev.skyport.cloudaccounts.application;

import java.time.Duration;
import java.time.Instant;

/** Sessions in customers' AWS roles, assumed with Skyport's own identity and the owner's external id. */
public interface RoleSessions {

    /** Temporary credentials of an assumed role, until {@code expiresAt}; never logged. */
    record Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "Session[" + accessKeyId + "]";
        }
    }

    /**
     * Assumes the role.
     *
     * @throws dev.skyport.cloudaccounts.domain.CloudVerificationException when AWS refuses (the trust policy, the
     *                                                                     external id) or cannot be reached
     */
    Session assume(String roleArn, String externalId, String sessionName, Duration duration);
}
