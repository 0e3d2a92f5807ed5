package dev.skyport.audit.domain;

import dev.skyport.kernel.UserId;
import java.util.Objects;
import java.util.Optional;

/** Who did what an audit entry records. */
public sealed interface Actor {

    /** Stable name of the kind, as stored and shown: {@code person}, {@code admin}, {@code workflow}, ... */
    String kind();

    /** The id of whoever acted (a person's id, a token's id, the login name attempted), if there is one. */
    Optional<String> id();

    /** The person this actor acted on or for (the person an administrator changed, a token's owner). */
    default Optional<UserId> onBehalfOf() {
        return Optional.empty();
    }

    /** A signed-in person acting on their own account and resources. */
    record Person(UserId person) implements Actor {
        public Person {
            Objects.requireNonNull(person, "person");
        }

        @Override
        public String kind() {
            return "person";
        }

        @Override
        public Optional<String> id() {
            return Optional.of(person.value());
        }
    }

    /** An administrator acting on another person's account (roles): the entry is that person's too. */
    record AdminOnPerson(UserId admin, UserId person) implements Actor {
        public AdminOnPerson {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(person, "person");
        }

        @Override
        public String kind() {
            return "admin";
        }

        @Override
        public Optional<String> id() {
            return Optional.of(admin.value());
        }

        @Override
        public Optional<UserId> onBehalfOf() {
            return Optional.of(person);
        }
    }

    /** Skyport itself: the provisioning workflow, its reports and backstop, the expiry sweep. */
    record Workflow() implements Actor {
        @Override
        public String kind() {
            return "workflow";
        }

        @Override
        public Optional<String> id() {
            return Optional.empty();
        }
    }

    /**
     * An API token acting for its owner (issue 29): the token's id, never its value. The place is kept so that
     * tokens arrive without a change to the entries' shape or the table.
     */
    record Token(String tokenId, UserId owner) implements Actor {
        public Token {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String kind() {
            return "token";
        }

        @Override
        public Optional<String> id() {
            return Optional.of(tokenId);
        }

        @Override
        public Optional<UserId> onBehalfOf() {
            return Optional.of(owner);
        }
    }

    /**
     * Nobody signed in: a sign-in attempt (with the login name or address attempted, never the password) or a
     * refused request without a valid token.
     */
    record Anonymous(Optional<String> attemptedLogin) implements Actor {
        public Anonymous {
            Objects.requireNonNull(attemptedLogin, "attemptedLogin");
            // Typed by anyone: bounded like every other free text of an entry.
            attemptedLogin = attemptedLogin.map(AuditEntry::bounded);
        }

        @Override
        public String kind() {
            return "anonymous";
        }

        @Override
        public Optional<String> id() {
            return attemptedLogin;
        }
    }

    /** The actor stored as kind, id and on-behalf-of, read back. */
    static Actor of(String kind, Optional<String> id, Optional<UserId> onBehalfOf) {
        return switch (kind) {
            case "person" -> new Person(new UserId(id.orElseThrow()));
            case "admin" -> new AdminOnPerson(new UserId(id.orElseThrow()), onBehalfOf.orElseThrow());
            case "workflow" -> new Workflow();
            case "token" -> new Token(id.orElseThrow(), onBehalfOf.orElseThrow());
            case "anonymous" -> new Anonymous(id);
            default -> throw new IllegalArgumentException("no actor kind " + kind);
        };
    }
}
