package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What proves access to a cloud account. Never printed: {@link #toString()} and {@link #summary()} show only
 * what is safe to show (a masked key id, an e-mail), never a secret.
 */
public sealed interface CloudCredentials {

    CloudProvider provider();

    /** A masked description a person recognises the credentials by. */
    Map<String, String> summary();

    /** The fields as they are stored in the secret. */
    Map<String, String> fields();

    /** Reads the credentials of a provider from the fields a person sent (or a secret held). */
    static CloudCredentials of(CloudProvider provider, Map<String, ?> fields) {
        if (fields == null || fields.isEmpty()) {
            throw DomainException.invalid("invalid-credentials", "credentials are required");
        }
        return switch (provider) {
            case AWS -> fields.containsKey("role_arn") ? new AwsRole(text(fields, "role_arn", ARN_MAX))
                    : new AwsAccessKeys(text(fields, "access_key_id", FIELD_MAX),
                    text(fields, "secret_access_key", FIELD_MAX));
            case AZURE -> new AzureServicePrincipal(text(fields, "tenant_id", FIELD_MAX),
                    text(fields, "client_id", FIELD_MAX), text(fields, "client_secret", FIELD_MAX),
                    Optional.ofNullable(fields.get("subscription_id")).map(String::valueOf).filter(s -> !s.isBlank())
                            .map(id -> text(fields, "subscription_id", FIELD_MAX)));
            case GCP -> new GcpServiceAccount(text(fields, "service_account_json", SERVICE_ACCOUNT_JSON_MAX));
        };
    }

    /** Key ids, secrets, tenant and client ids: the longest real one is well under this. */
    int FIELD_MAX = 256;
    /** IAM's own limit on a role ARN. */
    int ARN_MAX = 2048;
    /** A service-account key file is about 2.4 KB. */
    int SERVICE_ACCOUNT_JSON_MAX = 16 * 1024;

    private static String text(Map<String, ?> fields, String name, int maxLength) {
        Object value = fields.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw DomainException.invalid("invalid-credentials", "credentials." + name + " is required");
        }
        if (text.length() > maxLength) {
            throw DomainException.invalid("invalid-credentials",
                    "credentials." + name + " is longer than " + maxLength + " characters");
        }
        return text.strip();
    }

    static String mask(String value) {
        return value.length() <= 8 ? "…" : value.substring(0, 4) + "…" + value.substring(value.length() - 4);
    }

    record AwsAccessKeys(String accessKeyId, String secretAccessKey) implements CloudCredentials {
        private static final Pattern KEY_ID = Pattern.compile("^(AKIA|ASIA)[A-Z0-9]{12,124}$");

        public AwsAccessKeys {
            if (!KEY_ID.matcher(accessKeyId).matches()) {
                throw DomainException.invalid("invalid-credentials",
                        "credentials.access_key_id does not look like an AWS access key id (AKIA…)");
            }
        }

        @Override
        public CloudProvider provider() {
            return CloudProvider.AWS;
        }

        @Override
        public Map<String, String> summary() {
            return Map.of("kind", "access_keys", "access_key_id", mask(accessKeyId));
        }

        @Override
        public Map<String, String> fields() {
            return Map.of("access_key_id", accessKeyId, "secret_access_key", secretAccessKey);
        }

        @Override
        public String toString() {
            return "AwsAccessKeys[" + mask(accessKeyId) + "]";
        }
    }

    /**
     * An IAM role Skyport assumes with the user's external id: {@code arn:<aws|aws-cn|aws-us-gov>:iam::<12
     * digits>:role/<path/><name>}, the name 1 to 64 of {@code A-Za-z0-9+=,.@_-}, the path (with its slashes) at
     * most 512 of the same characters.
     */
    record AwsRole(String roleArn) implements CloudCredentials {
        private static final Pattern ROLE_ARN = Pattern.compile(
                "^arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role(/(?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})$");
        private static final int MAX_PATH = 512;

        public AwsRole {
            var matcher = roleArn.length() > 20 + 12 + MAX_PATH + 64 ? null : ROLE_ARN.matcher(roleArn);
            if (matcher == null || !matcher.matches() || matcher.group(3).length() > MAX_PATH) {
                throw DomainException.invalid("invalid-credentials",
                        "credentials.role_arn must be an IAM role ARN like arn:aws:iam::123456789012:role/skyport"
                                + " (partition aws, aws-cn or aws-us-gov; a 12-digit account; a role name of 1 to"
                                + " 64 letters, digits or +=,.@_-)");
            }
        }

        public String accountId() {
            var matcher = ROLE_ARN.matcher(roleArn);
            return matcher.matches() ? matcher.group(2) : "";
        }

        @Override
        public CloudProvider provider() {
            return CloudProvider.AWS;
        }

        @Override
        public Map<String, String> summary() {
            return Map.of("kind", "role", "role_arn", roleArn);
        }

        @Override
        public Map<String, String> fields() {
            return Map.of("role_arn", roleArn);
        }
    }

    record AzureServicePrincipal(String tenantId, String clientId, String clientSecret,
                                 Optional<String> subscriptionId) implements CloudCredentials {
        private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F-]{36}$");

        public AzureServicePrincipal {
            if (!GUID.matcher(tenantId).matches() || !GUID.matcher(clientId).matches()) {
                throw DomainException.invalid("invalid-credentials",
                        "credentials.tenant_id and credentials.client_id must be GUIDs");
            }
        }

        @Override
        public CloudProvider provider() {
            return CloudProvider.AZURE;
        }

        @Override
        public Map<String, String> summary() {
            Map<String, String> summary = new LinkedHashMap<>();
            summary.put("kind", "service_principal");
            summary.put("tenant_id", tenantId);
            summary.put("client_id", clientId);
            subscriptionId.ifPresent(id -> summary.put("subscription_id", id));
            return summary;
        }

        @Override
        public Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("tenant_id", tenantId);
            fields.put("client_id", clientId);
            fields.put("client_secret", clientSecret);
            subscriptionId.ifPresent(id -> fields.put("subscription_id", id));
            return fields;
        }

        @Override
        public String toString() {
            return "AzureServicePrincipal[tenant=" + tenantId + ", client=" + clientId + "]";
        }
    }

    /** A service-account key file, kept as the JSON Google issued. Parsed by the GCP verifier. */
    record GcpServiceAccount(String json) implements CloudCredentials {

        public GcpServiceAccount {
            if (!json.startsWith("{") || !json.contains("\"private_key\"")) {
                throw DomainException.invalid("invalid-credentials",
                        "credentials.service_account_json must be the JSON key file of a service account");
            }
        }

        @Override
        public CloudProvider provider() {
            return CloudProvider.GCP;
        }

        @Override
        public Map<String, String> summary() {
            return Map.of("kind", "service_account");
        }

        @Override
        public Map<String, String> fields() {
            return Map.of("service_account_json", json);
        }

        @Override
        public String toString() {
            return "GcpServiceAccount[****]";
        }
    }
}
