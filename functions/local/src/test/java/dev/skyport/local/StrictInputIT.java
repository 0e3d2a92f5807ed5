package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every body and query parameter of the API is strictly typed (issue 27.5). Valid bodies of every route that reads
 * one are mutated field by field (a value of each other JSON type, a float or a string for an integer, a number or
 * a string for a boolean), sent with a key twice and followed by a second document; each mutation is a 400
 * {@code malformed-request} naming the field, and what the person can see of their account (the outbox, their
 * profile, cloud accounts, clusters and notifications) is the same afterwards. Query parameters likewise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.util.Set<String> MAIL_ROUTES = java.util.Set.of("/auth/signup", "/auth/verify/resend",
            "/auth/password/forgot");
    private static final String ZERO_ID = "0193a0c2-0000-7000-8000-000000000000";

    private LocalPlatform platform;
    private ApiClient api;
    private String bearer;
    private String account;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty()));
        api = new ApiClient(platform::baseUrl);
        bearer = TourSteps.signedIn(api, "strict@example.com", "strict");
        account = TourSteps.connectSimulated(api, bearer, "aws", "Strict");
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    /** A route that reads a JSON body, and a body it would accept. */
    private record Route(String method, String path, String validBody) {
    }

    private List<Route> routes() {
        JsonNode credentials = api.get("/local/simulated-cloud").json().path("aws").path("passes");
        return List.of(
                new Route("POST", "/auth/signup", """
                        {"email":"new-person@example.com","username":"new-person","password":"correct horse battery staple"}"""),
                new Route("POST", "/auth/login", """
                        {"login":"strict","password":"correct horse battery staple"}"""),
                new Route("POST", "/auth/password/forgot", "{\"email\":\"strict@example.com\"}"),
                new Route("POST", "/auth/password/reset", """
                        {"token":"a-reset-token","new_password":"another horse battery staple"}"""),
                new Route("POST", "/auth/verify", "{\"token\":\"a-verification-token\"}"),
                new Route("POST", "/auth/verify/resend", "{\"email\":\"strict@example.com\"}"),
                new Route("POST", "/auth/google", "{\"id_token\":\"a-google-id-token\"}"),
                new Route("POST", "/auth/refresh", "{\"refresh_token\":\"a-refresh-token\"}"),
                new Route("POST", "/auth/logout", "{\"refresh_token\":\"a-refresh-token\"}"),
                new Route("PATCH", "/me/username", "{\"username\":\"renamed\"}"),
                new Route("POST", "/auth/login/mfa", "{\"challenge\":\"a-challenge\",\"code\":\"123456\"}"),
                new Route("POST", "/auth/mfa/step-up", "{\"code\":\"123456\"}"),
                new Route("POST", "/me/mfa/totp/confirm", "{\"code\":\"123456\"}"),
                new Route("POST", "/me/mfa/recovery-codes", """
                        {"password":"correct horse battery staple","code":"123456"}"""),
                new Route("DELETE", "/me/mfa/totp", """
                        {"password":"correct horse battery staple","code":"123456"}"""),
                new Route("POST", "/me/password", """
                        {"current_password":"correct horse battery staple","new_password":"another horse battery"}"""),
                new Route("DELETE", "/me", "{\"password\":\"correct horse battery staple\"}"),
                new Route("POST", "/cloud-accounts", "{\"name\":\"Second\",\"provider\":\"aws\","
                        + "\"environment\":\"dev\",\"credentials\":" + credentials + "}"),
                new Route("PUT", "/cloud-accounts/" + account + "/credentials",
                        "{\"credentials\":" + credentials + "}"),
                new Route("POST", "/clusters", """
                        {"name":"strict","cloud_account_id":"%s","region":"eu-west-1","kubernetes_version":"1.31",
                         "network":{"vpc_cidr":"10.0.0.0/16","public_subnet_cidrs":["10.0.0.0/24"],
                                    "private_subnet_cidrs":["10.0.100.0/24"]},
                         "node_groups":[{"name":"default","instance_type":"t3.large","min_size":1,"desired_size":2,
                                         "max_size":3}],
                         "state":{"bucket":"acme-tf-state","prefix":"skyport"},"addons":["metrics-server"],
                         "tags":{"team":"platform"},"api_access":{"public":true,"cidrs":["203.0.113.0/24"],
                         "public_everywhere":false},"deletion_protection":false,"expires_at":"2099-01-01T00:00:00Z"}"""
                        .formatted(account)),
                new Route("PATCH", "/clusters/" + ZERO_ID, """
                        {"node_groups":{"default":{"min_size":1,"desired_size":2,"max_size":3}},
                         "deletion_protection":true,"tags":{"team":"platform"}}"""),
                new Route("POST", "/clusters/" + ZERO_ID + "/plan", """
                        {"node_groups":{"default":{"min_size":1,"desired_size":2,"max_size":3}},"addons":["a"]}"""));
    }

    @Test
    void every_wrong_type_a_key_twice_and_a_second_document_are_refused_naming_the_field_and_change_nothing()
            throws Exception {
        String before = visibleState();
        SoftAssertions softly = new SoftAssertions();
        int mutations = 0;
        for (Route route : routes()) {
            JsonNode valid = JSON.readTree(route.validBody());
            for (Mutation mutation : mutations(valid)) {
                mutations++;
                Reply reply = send(route, JSON.writeValueAsString(mutation.body()));
                softly.assertThat(problemOf(reply)).as("%s %s with %s", route.method(), route.path(),
                        mutation.body()).isEqualTo("400 malformed-request");
                softly.assertThat(reply.json().path("detail").asText()).as("%s %s with %s", route.method(),
                        route.path(), mutation.body()).startsWith(mutation.field() + " ");
            }
            String first = valid.fieldNames().next();
            String twice = "{\"" + first + "\":" + valid.get(first) + "," + route.validBody().strip().substring(1);
            Reply duplicate = send(route, twice);
            softly.assertThat(problemOf(duplicate)).as("%s %s with %s", route.method(), route.path(), twice)
                    .isEqualTo("400 malformed-request");
            softly.assertThat(duplicate.json().path("detail").asText()).as(twice)
                    .isEqualTo(first + " appears more than once: send each field once");
            Reply trailing = send(route, route.validBody() + route.validBody());
            softly.assertThat(problemOf(trailing)).as("%s %s followed by a second document", route.method(),
                    route.path()).isEqualTo("400 malformed-request");
            softly.assertThat(trailing.json().path("detail").asText()).as(route.path()).contains("more than one");
            mutations += 2;
        }
        softly.assertAll();
        assertThat(mutations).isGreaterThan(200);
        assertThat(visibleState()).as("nothing the person can see changed").isEqualTo(before);
        assertThat(api.post("/auth/login", ApiClient.json("login", "strict", "password", TourSteps.PASSWORD))
                .status()).as("the refused bodies did not count against the owner's login").isEqualTo(200);
    }

    @Test
    void query_parameters_are_refused_unless_of_their_type_naming_the_parameter() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        for (String unread : List.of("anything", "yes", "1", "TRUE", "")) {
            refused.put("/notifications?unread=" + unread, "unread must be true or false");
        }
        for (String limit : List.of("1.9", "1e3", "abc", "3a", "99999999999", "")) {
            refused.put("/notifications?limit=" + limit, "limit must be an integer");
            refused.put("/clusters?limit=" + limit, "limit must be an integer");
            refused.put("/clusters/" + ZERO_ID + "/runs/r-1/logs?limit=" + limit, "limit must be an integer");
            refused.put("/audit?limit=" + limit, "limit must be an integer");
        }
        refused.put("/notifications?limit=1&limit=2", "limit is given more than once");
        refused.put("/notifications?unread=true&unread=false", "unread is given more than once");
        refused.put("/notifications?cursor=a&cursor=b", "cursor is given more than once");
        SoftAssertions softly = new SoftAssertions();
        refused.forEach((path, detail) -> {
            Reply reply = api.get(path, "Authorization", bearer);
            softly.assertThat(problemOf(reply)).as(path).isEqualTo("400 malformed-request");
            softly.assertThat(reply.json().path("detail").asText()).as(path).startsWith(detail);
        });
        // A cursor is text the API made: one it did not make has its own, more precise problem.
        for (String path : List.of("/clusters?cursor=not-a-cursor", "/notifications?cursor=not-a-cursor",
                "/audit?cursor=not-a-cursor")) {
            Reply reply = api.get(path, "Authorization", bearer);
            softly.assertThat(problemOf(reply)).as(path).isEqualTo("400 invalid-cursor");
            softly.assertThat(reply.json().path("detail").asText()).as(path).startsWith("cursor ");
        }
        for (String accepted : List.of("/notifications?unread=true&limit=5", "/notifications?unread=false",
                "/clusters?limit=20")) {
            softly.assertThat(api.get(accepted, "Authorization", bearer).status()).as(accepted).isEqualTo(200);
        }
        softly.assertAll();
    }

    private int nextAddress;

    private Reply send(Route route, String body) {
        // The routes that send mail count every request against its client address (a brake on floods): each
        // mutation comes from an address of its own, so that it meets the strict reader, not the brake.
        ApiClient api = MAIL_ROUTES.contains(route.path())
                ? this.api.from("127.0.%d.%d".formatted(1 + nextAddress / 250, 1 + nextAddress++ % 250))
                : this.api;
        String[] headers = route.method().equals("PATCH") && route.path().startsWith("/clusters/")
                ? new String[] {"Authorization", bearer, "If-Match", "\"1\""}
                : new String[] {"Authorization", bearer};
        return switch (route.method()) {
            case "POST" -> api.post(route.path(), body, headers);
            case "PUT" -> api.put(route.path(), body, headers);
            case "PATCH" -> api.patch(route.path(), body, headers);
            case "DELETE" -> api.delete(route.path(), body, headers);
            default -> throw new IllegalArgumentException(route.method());
        };
    }

    private static String problemOf(Reply reply) {
        if (!reply.contentType().startsWith("application/problem+json")) {
            return reply.status() + " " + reply.contentType() + " " + reply.body();
        }
        return reply.status() + " " + reply.json().path("type").asText().replace("https://skyport.dev/problems/", "");
    }

    /** What the person can see: their mails, profile, cloud accounts, clusters and notifications. */
    private String visibleState() {
        StringBuilder state = new StringBuilder(api.get("/local/outbox").body());
        for (String path : List.of("/me", "/cloud-accounts", "/clusters", "/notifications")) {
            state.append('\n').append(api.get(path, "Authorization", bearer).body());
        }
        return state.toString();
    }

    private record Mutation(String field, JsonNode body) {
    }

    /** The body with one value replaced, for each value and each JSON type the value is not. */
    private static List<Mutation> mutations(JsonNode valid) {
        List<Mutation> mutations = new ArrayList<>();
        walk(valid, "", (field, replace) -> {
            JsonNode value = replace.current();
            for (JsonNode wrong : wrongValuesFor(value)) {
                mutations.add(new Mutation(field, replace.with(wrong)));
            }
        });
        return mutations;
    }

    private static List<JsonNode> wrongValuesFor(JsonNode value) {
        if (value.isTextual()) {
            return List.of(NODES.numberNode(12345), NODES.numberNode(1.5), NODES.booleanNode(true),
                    NODES.arrayNode().add("x"), NODES.objectNode().put("x", "y"));
        }
        if (value.isIntegralNumber()) {
            return List.of(NODES.textNode(value.asText()), NODES.numberNode(1.9), NODES.numberNode(1.0),
                    NODES.booleanNode(true), NODES.numberNode(3_000_000_000L));
        }
        if (value.isBoolean()) {
            return List.of(NODES.textNode(value.asText()), NODES.numberNode(1), NODES.arrayNode());
        }
        if (value.isArray()) {
            return List.of(NODES.textNode("x"), NODES.objectNode());
        }
        if (value.isObject()) {
            return List.of(NODES.textNode("x"), NODES.numberNode(7), NODES.arrayNode());
        }
        return List.of();
    }

    /** Replaces the value at one place of a copy of the whole body. */
    private interface Replacement {
        JsonNode current();

        JsonNode with(JsonNode wrong);
    }

    private static void walk(JsonNode root, String ignored, BiConsumer<String, Replacement> visit) {
        walk(root, root, new ArrayList<>(), visit);
    }

    private static void walk(JsonNode root, JsonNode node, List<Object> steps, BiConsumer<String, Replacement> visit) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                List<Object> next = new ArrayList<>(steps);
                next.add(name);
                visitAndDescend(root, node.get(name), next, visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> next = new ArrayList<>(steps);
                next.add(i);
                visitAndDescend(root, node.get(i), next, visit);
            }
        }
    }

    private static void visitAndDescend(JsonNode root, JsonNode value, List<Object> steps,
                                        BiConsumer<String, Replacement> visit) {
        visit.accept(name(steps), new Replacement() {
            @Override
            public JsonNode current() {
                return value;
            }

            @Override
            public JsonNode with(JsonNode wrong) {
                JsonNode copy = root.deepCopy();
                JsonNode parent = copy;
                for (Object step : steps.subList(0, steps.size() - 1)) {
                    parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
                }
                Object last = steps.get(steps.size() - 1);
                if (last instanceof Integer index) {
                    ((ArrayNode) parent).set(index, wrong);
                } else {
                    ((ObjectNode) parent).set((String) last, wrong);
                }
                return copy;
            }
        });
        walk(root, value, steps, visit);
    }

    /** {@code node_groups[0].min_size}: how the API names a field. */
    private static String name(List<Object> steps) {
        StringBuilder name = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(step);
            }
        }
        return name.toString();
    }
}
