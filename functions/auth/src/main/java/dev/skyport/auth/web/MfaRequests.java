package dev.skyport.auth.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON bodies of two-factor sign-in, asked and answered. None prints a code, a secret or a password. */
final class MfaRequests {

    private MfaRequests() {
    }

    /** The second sign-in step: the first step's challenge and a code or a recovery code. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SecondStepRequest(@Nullable String challenge, @Nullable String code, @Nullable String recoveryCode) {
        @Override
        public String toString() {
            return "SecondStepRequest[****]";
        }
    }

    /** A code (or a recovery code) alone: enrolment's confirmation, a step-up. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record CodeRequest(@Nullable String code, @Nullable String recoveryCode) {
        @Override
        public String toString() {
            return "CodeRequest[****]";
        }
    }

    /** Turning two-factor sign-in off, or new recovery codes: the password (or Google) and a code. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChangeProof(@Nullable String password, @Nullable String googleIdToken, @Nullable String code,
                       @Nullable String recoveryCode) {
        @Override
        public String toString() {
            return "ChangeProof[****]";
        }
    }

    /** The first step of a sign-in with two-factor sign-in on: no session yet, a challenge for the second step. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SecondStepNeeded(String status, String challenge, Instant expiresAt, List<String> methods) {
        @Override
        public String toString() {
            return "SecondStepNeeded[****]";
        }
    }

    /** A new secret: type it or scan the URI (as a QR code) into an authenticator app, then confirm with a code. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record TotpEnrolment(String secret, String otpauthUri, Instant confirmBy) {
        @Override
        public String toString() {
            return "TotpEnrolment[****]";
        }
    }

    /** Recovery codes, shown once; with the renewed session when two-factor sign-in was just turned on. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RecoveryCodes(List<String> recoveryCodes, @Nullable dev.skyport.identity.web.SessionView session) {
        @Override
        public String toString() {
            return "RecoveryCodes[****]";
        }
    }

    /** A step-up recorded: sensitive actions are allowed until {@code freshUntil}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SteppedUp(Instant freshUntil) {
    }

    static Optional<String> given(@Nullable String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
