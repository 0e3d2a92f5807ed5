package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.util.regex.Pattern;

/**
 * The names Skyport gives to cloud resources (clusters, node groups): RFC 1123 labels, lower case, so every
 * provider accepts them as they are.
 */
final class DnsLabel {

    private static final Pattern LABEL = Pattern.compile("^[a-z]([a-z0-9-]*[a-z0-9])?$");

    private DnsLabel() {
    }

    /**
     * @param slug  the problem type of a refusal ({@code invalid-name}, {@code invalid-node-groups})
     * @param field where the value sits in the request, named in the refusal
     */
    static String require(String value, String slug, String field, int min, int max) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(slug, field + " is required");
        }
        if (value.length() < min || value.length() > max || !LABEL.matcher(value).matches()) {
            throw DomainException.invalid(slug, field + " must be " + min + " to " + max
                    + " lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen");
        }
        return value;
    }
}
