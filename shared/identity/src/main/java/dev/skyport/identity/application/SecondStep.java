package dev.skyport.identity.application;

import dev.skyport.identity.domain.User;
import dev.skyport.kernel.OpaqueToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Issues the challenge a first sign-in step ends with when the person has two-factor sign-in on. */
public class SecondStep {

    /** Long enough to open an authenticator app and type a code, short enough to be worthless when it leaks. */
    public static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);
    /** Codes one challenge may be tried with; the login throttle counts each failure as well. */
    public static final int MAX_ATTEMPTS = 5;

    private final SignInChallenges challenges;
    private final Clock clock;

    public SecondStep(SignInChallenges challenges, Clock clock) {
        this.challenges = challenges;
        this.clock = clock;
    }

    /** The session when the person has no second factor, else a challenge for it. */
    public SignIn startOrChallenge(User user, java.util.function.Supplier<Session> start) {
        if (!user.secondFactor()) {
            return new SignIn.Started(start.get());
        }
        String challenge = OpaqueToken.generate();
        Instant expiresAt = clock.instant().plus(CHALLENGE_TTL);
        challenges.save(OpaqueToken.hash(challenge), user.id(), expiresAt);
        return new SignIn.SecondStepNeeded(challenge, expiresAt);
    }
}
