package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.Optional;

/** The provider did not accept the credentials, or could not be asked. Answered as 422 with the cause. */
public final class CloudVerificationException extends DomainException {

    /** Why the provider said no. */
    public enum Cause {
        INVALID_CREDENTIALS("cloud-credentials-invalid", "the provider does not know these credentials"),
        WRONG_SECRET("cloud-secret-wrong", "the provider knows the key or client, but the secret does not match"),
        EXPIRED("cloud-credentials-expired", "the credentials have expired"),
        MISSING_PERMISSION("cloud-permission-missing", "the credentials work but lack a permission Skyport needs"),
        ROLE_TRUST_TOO_BROAD("cloud-role-trust-too-broad", "the role can be assumed without your external id: its"
                + " trust policy must require it (sts:ExternalId), or other Skyport users could use the role"),
        UNREACHABLE("cloud-provider-unreachable", "the provider could not be reached"),
        TIMEOUT("cloud-provider-timeout", "the provider did not answer within the time limit");

        private final String slug;
        private final String meaning;

        Cause(String slug, String meaning) {
            this.slug = slug;
            this.meaning = meaning;
        }

        public String slug() {
            return slug;
        }
    }

    private final Cause cause;
    private final String providerCode;

    public CloudVerificationException(Cause cause, String providerCode, String detail) {
        super(Failure.UNPROCESSABLE, cause.slug, cause.meaning + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.cause = cause;
        this.providerCode = providerCode;
    }

    public Cause reason() {
        return cause;
    }

    @Override
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }
}
