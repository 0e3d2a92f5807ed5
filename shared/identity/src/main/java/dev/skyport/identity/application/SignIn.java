package dev.skyport.identity.application;

import java.time.Instant;

/**
 * What a first sign-in step (password, Google) gives: the session, or, for a person with two-factor sign-in on, only
 * a short-lived single-use challenge that {@code POST /auth/login/mfa} trades with a code for the session. Never
 * tokens or cookies before the second step.
 */
public sealed interface SignIn {

    record Started(Session session) implements SignIn {
    }

    record SecondStepNeeded(String challenge, Instant expiresAt) implements SignIn {
        @Override
        public String toString() {
            return "SecondStepNeeded[expiresAt=" + expiresAt + "]";
        }
    }
}
