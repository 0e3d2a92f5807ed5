package dev.skyport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skyport.kernel.DomainException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Group(@Nullable String instanceType, @Nullable Integer minSize, @Nullable Long maxBytes,
                 @Nullable Double weight) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Body(@Nullable String userName, @Nullable Boolean deletionProtection, @Nullable List<Group> nodeGroups,
                @Nullable Map<String, String> tags, @Nullable Map<String, Object> credentials,
                @Nullable Instant expiresAt, @JsonProperty("public") @Nullable Boolean publicEndpoint,
                @Nullable List<String> addons) {
    }

    private static final Argument<Body> BODY = Argument.of(Body.class);

    private static void accepts(String json) {
        assertThatCode(() -> StrictJson.check(json.getBytes(StandardCharsets.UTF_8), BODY)).as(json)
                .doesNotThrowAnyException();
    }

    private static void refuses(String json, String detail) {
        assertThatThrownBy(() -> StrictJson.check(json.getBytes(StandardCharsets.UTF_8), BODY)).as(json)
                .isInstanceOfSatisfying(DomainException.class, refusal -> {
                    assertThat(refusal.slug()).isEqualTo("malformed-request");
                    assertThat(refusal.getMessage()).isEqualTo(detail);
                });
    }

    @Test
    void a_body_of_the_declared_types_passes_with_nulls_unknown_fields_and_free_form_values() {
        accepts("""
                {"user_name":"ada","deletion_protection":true,"node_groups":[{"instance_type":"t3.large",
                 "min_size":1,"max_bytes":9000000000,"weight":1.5},null,{"weight":2}],"tags":{"team":"x"},
                 "credentials":{"key":{"nested":[1,true]},"n":3},"expires_at":"2026-12-31T18:00:00Z",
                 "public":false,"addons":["a"],"something_else":[1,{"x":2}]}""");
        accepts("{\"user_name\":null,\"node_groups\":null}");
        accepts("  ");
        accepts("null");
    }

    @Test
    void a_value_of_another_json_type_is_refused_naming_its_field() {
        refuses("{\"user_name\":12345}", "user_name must be a string");
        refuses("{\"deletion_protection\":\"true\"}", "deletion_protection must be true or false");
        refuses("{\"deletion_protection\":1}", "deletion_protection must be true or false");
        refuses("{\"node_groups\":[{\"min_size\":true}]}", "node_groups[0].min_size must be an integer");
        refuses("{\"node_groups\":[{},{\"min_size\":1.9}]}", "node_groups[1].min_size must be an integer");
        refuses("{\"node_groups\":[{\"min_size\":1.0}]}", "node_groups[0].min_size must be an integer");
        refuses("{\"node_groups\":[{\"min_size\":\"3\"}]}", "node_groups[0].min_size must be an integer");
        refuses("{\"node_groups\":[{\"min_size\":3000000000}]}",
                "node_groups[0].min_size must be an integer of reasonable size");
        refuses("{\"node_groups\":[{\"weight\":\"2\"}]}", "node_groups[0].weight must be a number");
        refuses("{\"node_groups\":{\"min_size\":1}}", "node_groups must be an array");
        refuses("{\"node_groups\":[\"x\"]}", "node_groups[0] must be an object");
        refuses("{\"tags\":{\"team\":7}}", "tags.team must be a string");
        refuses("{\"tags\":[\"team\"]}", "tags must be an object");
        refuses("{\"expires_at\":1767204000}", "expires_at must be a string");
        refuses("{\"public\":\"yes\"}", "public must be true or false");
        refuses("{\"addons\":\"a\"}", "addons must be an array");
        refuses("{\"addons\":[\"a\",false]}", "addons[1] must be a string");
        refuses("[]", "the body must be an object");
        refuses("\"text\"", "the body must be an object");
    }

    @Test
    void a_key_twice_a_second_document_or_no_json_at_all_is_refused() {
        refuses("{\"user_name\":\"a\",\"user_name\":\"b\"}", "user_name appears more than once: send each field once");
        refuses("{\"tags\":{\"a\":\"1\",\"a\":\"2\"}}", "tags.a appears more than once: send each field once");
        refuses("{\"user_name\":\"a\"}{\"user_name\":\"b\"}",
                "the body holds more than one JSON document: send exactly one");
        refuses("{\"user_name\":\"a\"} 1", "the body holds more than one JSON document: send exactly one");
        refuses("{\"user_name\":\"a\"", "the body is not valid JSON");
        refuses("{user_name:\"a\"}", "the body is not valid JSON");
        refuses("{\"credentials\":{\"k\":" + "[".repeat(40) + "]".repeat(40) + "}}",
                "the body nests deeper than " + StrictJson.MAX_DEPTH + " levels");
        refuses("{\"something_else\":" + "[".repeat(40) + "]".repeat(40) + "}",
                "the body nests deeper than " + StrictJson.MAX_DEPTH + " levels");
        accepts("{\"credentials\":{\"k\":" + "[".repeat(StrictJson.MAX_DEPTH - 2) + "]".repeat(StrictJson.MAX_DEPTH - 2)
                + "}}");
    }
}
