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

    static String require(String value, String field, int min, int max) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid("invalid-" + slugOf(field), field + " is required");
        }
        if (value.length() < min || value.length() > max || !LABEL.matcher(value).matches()) {
            throw DomainException.invalid("invalid-" + slugOf(field), field + " must be " + min + " to " + max
                    + " lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen");
        }
        return value;
    }

    private static String slugOf(String field) {
        return field.contains("node_groups") ? "node-groups" : "name";
    }
}
