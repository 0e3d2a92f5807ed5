package dev.skyport.auth;

import dev.skyport.testing.ApiClient.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.DynamoDbLocalFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear 4xx problem+json answer and changes nothing. */
@MicronautTest
class ProblemDetailsIT extends AuthApiTestBase {

    @Test
    void malformed_json_is_a_400_problem() {
        post("/auth/signup", "{\"email\": \"a@example.com\", ").isProblem(400, "malformed-request");
        post("/auth/login", "not json at all").isProblem(400, "malformed-request");
    }

    @Test
    void a_field_of_the_wrong_type_is_a_400_problem() {
        post("/auth/signup", "{\"email\": {\"nested\": true}, \"username\": \"x\", \"password\": \"y\"}")
                .isProblem(400, "malformed-request");
        post("/auth/login", "{\"login\": [1, 2], \"password\": \"y\"}").isProblem(400, "malformed-request");
    }

    /** Issue 27.5: nothing is converted; the field at fault is named. */
    @Test
    void a_value_of_another_json_type_a_key_twice_or_a_second_document_is_a_400_naming_the_field() {
        int itemsBefore = itemCount();
        Reply number = post("/auth/signup", "{\"email\":\"typed@example.com\",\"username\":12345,"
                + "\"password\":\"" + PASSWORD + "\"}").isProblem(400, "malformed-request");
        assertThat(number.json().path("detail").asText()).isEqualTo("username must be a string");
        Reply twice = post("/auth/signup", "{\"email\":\"typed@example.com\",\"username\":\"typed\","
                + "\"username\":\"other\",\"password\":\"" + PASSWORD + "\"}").isProblem(400, "malformed-request");
        assertThat(twice.json().path("detail").asText()).startsWith("username appears more than once");
        String valid = json("email", "typed@example.com", "username", "typed", "password", PASSWORD);
        Reply second = post("/auth/signup", valid + valid).isProblem(400, "malformed-request");
        assertThat(second.json().path("detail").asText()).contains("more than one JSON document");
        assertThat(itemCount()).isEqualTo(itemsBefore);
        assertThat(ses.sentTo("typed@example.com")).isEmpty();
    }

    /** Issue 27.7: a refusal of the framework's own says why, as problem+json. */
    @Test
    void a_page_of_another_origin_is_refused_with_a_problem_saying_so() {
        Reply refused = post("/auth/login", json("login", "someone", "password", PASSWORD),
                "Origin", "http://evil.example").isProblem(403, "foreign-origin");
        assertThat(refused.json().path("detail").asText()).contains("http://evil.example");
    }

    /** Issue 27.7: a URI over the server's limit is a 414 saying so, not a 413 about a body. */
    @Test
    void a_100_kb_uri_is_a_414_problem() {
        Reply reply = get("/auth/session?padding=" + "a".repeat(100 * 1024)).isProblem(414, "uri-too-long");
        assertThat(reply.json().path("detail").asText()).contains("URI").doesNotContain("body is larger");
    }

    @Test
    void a_body_over_64_kib_is_a_413_problem() {
        String huge = "{\"email\": \"" + "a".repeat(70 * 1024) + "@example.com\"}";
        post("/auth/signup", huge).isProblem(413, "payload-too-large");
    }

    @Test
    void each_invalid_field_is_named_and_nothing_is_stored() {
        int itemsBefore = itemCount();
        post("/auth/signup", json("email", "not-an-address", "username", "ok-name", "password", PASSWORD))
                .isProblem(400, "invalid-email");
        post("/auth/signup", json("email", "a@example.com", "username", "No Caps!", "password", PASSWORD))
                .isProblem(400, "invalid-username");
        post("/auth/signup", json("email", "a@example.com", "username", "ab", "password", PASSWORD))
                .isProblem(400, "invalid-username");
        post("/auth/signup", json("email", "a@example.com", "username", "ok-name", "password", "short"))
                .isProblem(400, "invalid-password");
        post("/auth/signup", json("email", "a@example.com", "username", "ok-name", "password", "x".repeat(129)))
                .isProblem(400, "invalid-password");
        post("/auth/signup", "{}").isProblem(400, "invalid-email");
        post("/auth/signup", null).isProblem(400, "malformed-request");
        assertThat(itemCount()).isEqualTo(itemsBefore);
        assertThat(ses.sentTo("a@example.com")).isEmpty();
    }

    @Test
    void an_unknown_route_and_a_wrong_method_are_problems() {
        get("/auth/nothing-here").isProblem(404, "not-found");
        get("/auth/login").isProblem(405, "method-not-allowed");
    }

    @Test
    void the_password_never_comes_back_in_an_answer() {
        Reply reply = post("/auth/signup", json("email", "bad address", "username", "ok-name",
                "password", "hunter2-super-secret"));
        assertThat(reply.body()).doesNotContain("hunter2-super-secret");
        Reply malformed = post("/auth/login", "{\"login\": \"x\", \"password\": \"hunter2-super-secret\"");
        assertThat(malformed.body()).doesNotContain("hunter2-super-secret");
    }

    private int itemCount() {
        return DynamoDbLocalFixture.client().scan(b -> b.tableName(tablesInUse())).count();
    }

    private String tablesInUse() {
        return server.getApplicationContext().getBean(dev.skyport.platform.dynamodb.TableNames.class).users();
    }
}
