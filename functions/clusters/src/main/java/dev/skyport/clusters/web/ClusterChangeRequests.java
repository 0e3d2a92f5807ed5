package dev.skyport.clusters.web;

import dev.skyport.clusters.domain.ApiAccess;
import dev.skyport.clusters.domain.ClusterChange;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.web.StrictJson;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code PATCH /clusters/{id}} body, a JSON merge patch (RFC 7396), strictly: each field has one JSON type,
 * and a field of another type, an unknown field or one that cannot change is refused with 400 naming it. Nothing
 * is converted: {@code "3"} is not a number and {@code 1.0} is not an integer.
 */
final class ClusterChangeRequests {

    private static final Set<String> FIXED = Set.of("name", "cloud_account_id", "provider", "region", "network",
            "state");
    private static final Set<String> NODE_GROUP_FIELDS = Set.of("instance_type", "min_size", "desired_size",
            "max_size");
    private static final Set<String> API_ACCESS_FIELDS = Set.of("public", "cidrs", "public_everywhere", "admins");
    private static final int MAX_ENTRIES = 64;

    private ClusterChangeRequests() {
    }

    /** A body: a change, or the plan to apply ({@code plan_id}, alone). */
    record Request(ClusterChange change, Optional<String> planId) {
    }

    /** A change a body asks for, without a plan (the body of a plan). */
    static ClusterChange change(JsonMapper json, byte[] bytes) {
        Request request = read(json, bytes);
        if (request.planId().isPresent()) {
            throw unknown("plan_id");
        }
        return request.change();
    }

    /** What a body asks for; the body is read here (not by a codec), so nothing is converted on the way. */
    static Request read(JsonMapper json, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw malformed("a JSON body is required: the fields to change");
        }
        // One document, each key once: what the tree below cannot tell any more.
        StrictJson.check(bytes, Argument.of(JsonNode.class));
        JsonNode body;
        try {
            body = json.readValue(bytes, JsonNode.class);
        } catch (IOException | RuntimeException notJson) {
            throw malformed("the body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw malformed("the body is a JSON object: the fields to change");
        }
        Optional<String> version = Optional.empty();
        Optional<Map<String, ClusterChange.NodeGroupChange>> nodeGroups = Optional.empty();
        Optional<List<String>> addons = Optional.empty();
        Optional<Map<String, Optional<String>>> tags = Optional.empty();
        Optional<ApiAccess.Request> apiAccess = Optional.empty();
        Optional<Boolean> protection = Optional.empty();
        Optional<Optional<Instant>> expiresAt = Optional.empty();
        Optional<String> planId = Optional.empty();
        for (Map.Entry<String, JsonNode> field : body.entries()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "kubernetes_version" -> version = Optional.of(text(name, value));
                case "node_groups" -> nodeGroups = Optional.of(nodeGroups(value));
                case "addons" -> addons = Optional.of(texts(name, value));
                case "tags" -> tags = Optional.of(tags(value));
                case "api_access" -> apiAccess = Optional.of(apiAccess(value));
                case "deletion_protection" -> protection = Optional.of(bool(name, value));
                case "expires_at" -> expiresAt = Optional.of(value.isNull() ? Optional.empty()
                        : Optional.of(instant(name, value)));
                case "plan_id" -> planId = Optional.of(text(name, value));
                default -> throw FIXED.contains(name)
                        ? DomainException.invalid("immutable-field", name + " cannot change after a cluster is"
                                + " made; create another cluster for that")
                        : unknown(name);
            }
        }
        ClusterChange change = new ClusterChange(version, nodeGroups, addons, tags, apiAccess, protection,
                expiresAt);
        if (planId.isPresent() && !change.isEmpty()) {
            throw DomainException.invalid("malformed-request", "plan_id applies the plan as it was made: send it"
                    + " alone");
        }
        return new Request(change, planId);
    }

    private static Map<String, ClusterChange.NodeGroupChange> nodeGroups(JsonNode value) {
        object("node_groups", value);
        Map<String, ClusterChange.NodeGroupChange> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.entries()) {
            String field = "node_groups." + entry.getKey();
            JsonNode group = entry.getValue();
            if (group.isNull()) {
                changes.put(entry.getKey(), ClusterChange.NodeGroupChange.removal());
                continue;
            }
            object(field, group);
            for (Map.Entry<String, JsonNode> part : group.entries()) {
                if (!NODE_GROUP_FIELDS.contains(part.getKey())) {
                    throw unknown(field + "." + part.getKey());
                }
            }
            changes.put(entry.getKey(), ClusterChange.NodeGroupChange.of(
                    optional(group, "instance_type").map(node -> text(field + ".instance_type", node)).orElse(null),
                    size(group, field, "min_size"), size(group, field, "desired_size"),
                    size(group, field, "max_size")));
        }
        return changes;
    }

    private static Integer size(JsonNode group, String field, String name) {
        return optional(group, name).map(node -> integer(field + "." + name, node)).orElse(null);
    }

    private static Map<String, Optional<String>> tags(JsonNode value) {
        object("tags", value);
        Map<String, Optional<String>> tags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.entries()) {
            JsonNode tag = entry.getValue();
            tags.put(entry.getKey(), tag.isNull() ? Optional.empty()
                    : Optional.of(text("tags." + entry.getKey(), tag)));
        }
        return tags;
    }

    private static ApiAccess.Request apiAccess(JsonNode value) {
        object("api_access", value);
        for (Map.Entry<String, JsonNode> part : value.entries()) {
            if (!API_ACCESS_FIELDS.contains(part.getKey())) {
                throw unknown("api_access." + part.getKey());
            }
        }
        return new ApiAccess.Request(
                optional(value, "public").map(node -> bool("api_access.public", node)).orElse(null),
                optional(value, "cidrs").map(node -> texts("api_access.cidrs", node)).orElse(null),
                optional(value, "public_everywhere").map(node -> bool("api_access.public_everywhere", node))
                        .orElse(null),
                optional(value, "admins").map(node -> texts("api_access.admins", node)).orElse(null));
    }

    private static Optional<JsonNode> optional(JsonNode object, String name) {
        return Optional.ofNullable(object.get(name));
    }

    private static void object(String field, JsonNode value) {
        if (!value.isObject()) {
            throw typed(field, "an object");
        }
        if (value.size() > MAX_ENTRIES) {
            throw DomainException.invalid("malformed-request", field + " holds more than " + MAX_ENTRIES
                    + " entries");
        }
    }

    private static String text(String field, JsonNode value) {
        if (!value.isString()) {
            throw typed(field, "a string");
        }
        return value.getStringValue();
    }

    private static List<String> texts(String field, JsonNode value) {
        if (!value.isArray()) {
            throw typed(field, "an array of strings");
        }
        if (value.size() > MAX_ENTRIES) {
            throw DomainException.invalid("malformed-request", field + " holds more than " + MAX_ENTRIES
                    + " entries");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            texts.add(text(field + "[" + i + "]", value.get(i)));
        }
        return texts;
    }

    private static boolean bool(String field, JsonNode value) {
        if (!value.isBoolean()) {
            throw typed(field, "true or false");
        }
        return value.getBooleanValue();
    }

    private static int integer(String field, JsonNode value) {
        if (!value.isNumber() || !(value.getNumberValue() instanceof Integer
                || value.getNumberValue() instanceof Long || value.getNumberValue() instanceof BigInteger)) {
            throw typed(field, "an integer");
        }
        long number = value.getLongValue();
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE
                || !BigInteger.valueOf(number).equals(value.getBigIntegerValue())) {
            throw typed(field, "an integer of reasonable size");
        }
        return (int) number;
    }

    private static Instant instant(String field, JsonNode value) {
        String text = text(field, value);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            throw typed(field, "a UTC time like 2026-12-31T18:00:00Z, or null to clear it");
        }
    }

    private static DomainException typed(String field, String expected) {
        return DomainException.invalid("malformed-request", field + " must be " + expected);
    }

    private static DomainException unknown(String field) {
        return DomainException.invalid("unknown-field", field + " is not something a change can name");
    }

    private static DomainException malformed(String detail) {
        return DomainException.invalid("malformed-request", detail);
    }
}
