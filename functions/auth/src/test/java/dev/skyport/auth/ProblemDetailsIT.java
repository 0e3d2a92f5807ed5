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
