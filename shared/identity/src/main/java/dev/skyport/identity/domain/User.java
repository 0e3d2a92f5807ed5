package dev.skyport.identity.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A person's account. {@code passwordHash} is empty for a Google-only account; {@code verificationDeadline}
 * is set while the e-mail address is unverified and tells when the sign-up may be replaced; {@code secondFactor} is
 * true while two-factor sign-in (TOTP) is on: every sign-in then needs a code as its second step.
 */
public record User(
        UserId id,
        EmailAddress email,
        Username username,
        Optional<String> passwordHash,
        Optional<String> googleSubject,
        Set<Role> roles,
        boolean verified,
        Instant createdAt,
        Optional<Instant> verificationDeadline,
        boolean secondFactor) {

    public User {
        roles = Set.copyOf(roles);
    }

    /** A new account, or one read without its second factor: two-factor sign-in off. */
    public User(UserId id, EmailAddress email, Username username, Optional<String> passwordHash,
                Optional<String> googleSubject, Set<Role> roles, boolean verified, Instant createdAt,
                Optional<Instant> verificationDeadline) {
        this(id, email, username, passwordHash, googleSubject, roles, verified, createdAt, verificationDeadline,
                false);
    }

    public User withSecondFactor(boolean on) {
        return new User(id, email, username, passwordHash, googleSubject, roles, verified, createdAt,
                verificationDeadline, on);
    }

    public boolean isAbandonedSignUp(Instant now) {
        return !verified && verificationDeadline.map(now::isAfter).orElse(false);
    }

    public User verifiedNow() {
        return new User(id, email, username, passwordHash, googleSubject, roles, true, createdAt, Optional.empty(),
                secondFactor);
    }

    public User withGoogleSubject(String subject) {
        return new User(id, email, username, passwordHash, Optional.of(subject), roles, verified, createdAt,
                verificationDeadline, secondFactor);
    }

    public User withUsername(Username newUsername) {
        return new User(id, email, newUsername, passwordHash, googleSubject, roles, verified, createdAt,
                verificationDeadline, secondFactor);
    }

    public User withPasswordHash(Optional<String> hash) {
        return new User(id, email, username, hash, googleSubject, roles, verified, createdAt, verificationDeadline,
                secondFactor);
    }

    public User withRoles(Set<Role> newRoles) {
        return new User(id, email, username, passwordHash, googleSubject, newRoles, verified, createdAt,
                verificationDeadline, secondFactor);
    }
}
