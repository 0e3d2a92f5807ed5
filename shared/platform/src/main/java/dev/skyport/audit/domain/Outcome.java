package dev.skyport.audit.domain;

import java.util.Optional;

/**
 * How an audited action ended: done, refused (the caller's request was wrong or not allowed: a 4xx, with the
 * problem type that says why) or failed (Skyport could not do it: a 5xx).
 */
public sealed interface Outcome {

    /** {@code done}, {@code refused} or {@code failed}. */
    String name();

    /** The HTTP status answered; 0 for what no request carried (a workflow transition). */
    int status();

    /** The RFC 9457 problem type of a refusal or failure, when the answer was a problem. */
    Optional<String> problemType();

    record Done(int status) implements Outcome {
        @Override
        public String name() {
            return "done";
        }

        @Override
        public Optional<String> problemType() {
            return Optional.empty();
        }
    }

    record Refused(int status, Optional<String> problemType) implements Outcome {
        @Override
        public String name() {
            return "refused";
        }
    }

    record Failed(int status, Optional<String> problemType) implements Outcome {
        @Override
        public String name() {
            return "failed";
        }
    }

    /** The outcome an HTTP answer means. */
    static Outcome ofStatus(int status, Optional<String> problemType) {
        if (status < 400) {
            return new Done(status);
        }
        return status < 500 ? new Refused(status, problemType) : new Failed(status, problemType);
    }

    /** Read back from its stored name, status and problem type. */
    static Outcome of(String name, int status, Optional<String> problemType) {
        return switch (name) {
            case "done" -> new Done(status);
            case "refused" -> new Refused(status, problemType);
            case "failed" -> new Failed(status, problemType);
            default -> throw new IllegalArgumentException("no outcome " + name);
        };
    }
}
