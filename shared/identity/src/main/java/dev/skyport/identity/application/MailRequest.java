package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.kernel.UserId;
import java.util.Objects;
import java.util.UUID;

/**
 * Mail work that an anonymous request asked for, done later by {@link MailWork} off the request path: the request only
 * enqueues one of these, whatever the address, so its answer takes as long for an address with an account as for one
 * without. A request carries an address or a user id, never a token or a password: the worker makes the tokens. Its
 * id is what the worker claims, so a request delivered twice sends its mail once.
 */
public sealed interface MailRequest {

    UUID id();

    /** "Forgot password" for an address: a reset link if it belongs to a verified account. */
    record ResetLinkAsked(UUID id, EmailAddress email) implements MailRequest {
        public ResetLinkAsked {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(email, "email");
        }

        public static ResetLinkAsked of(EmailAddress email) {
            return new ResetLinkAsked(UUID.randomUUID(), email);
        }
    }

    /** "Resend" for an address: a new verification link if it belongs to an unverified account. */
    record VerificationLinkAsked(UUID id, EmailAddress email) implements MailRequest {
        public VerificationLinkAsked {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(email, "email");
        }

        public static VerificationLinkAsked of(EmailAddress email) {
            return new VerificationLinkAsked(UUID.randomUUID(), email);
        }
    }

    /** The one verification link of an account that sign-up has just created. */
    record FirstVerificationLink(UUID id, UserId userId) implements MailRequest {
        public FirstVerificationLink {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(userId, "userId");
        }

        public static FirstVerificationLink of(UserId userId) {
            return new FirstVerificationLink(UUID.randomUUID(), userId);
        }
    }

    /** A sign-up with an address that already has an account: its owner is told. */
    record SignUpAttempted(UUID id, EmailAddress email) implements MailRequest {
        public SignUpAttempted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(email, "email");
        }

        public static SignUpAttempted of(EmailAddress email) {
            return new SignUpAttempted(UUID.randomUUID(), email);
        }
    }
}
