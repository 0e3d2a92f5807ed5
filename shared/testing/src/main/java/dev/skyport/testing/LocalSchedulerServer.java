package dev.skyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * A loopback server speaking EventBridge Scheduler's REST-JSON protocol for schedules (CreateSchedule, GetSchedule,
 * UpdateSchedule, DeleteSchedule), so the real SDK client and the real adapter run in tests. It refuses what the API
 * reference says the service refuses: a name or group name outside 1-64 characters of {@code [0-9a-zA-Z-_.]}
 * (ValidationException), an {@code at(yyyy-mm-ddThh:mm:ss)} expression that is no such time, a flexible window
 * {@code OFF} with a window size, a retry policy outside 0-185 attempts or 60-86400 seconds, an action after
 * completion other than NONE or DELETE, a target without ARN or role, a group that does not exist
 * (ResourceNotFoundException); a create of a name that exists is ConflictException (409), a get, update or delete of
 * one that does not is ResourceNotFoundException (404). Schedules live in groups; {@code default} always exists.
 */
public final class LocalSchedulerServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Pattern OTHER = Pattern.compile("(rate|cron)\\(.+\\)");
    private static final String ACCOUNT = "123456789012";

    /** One schedule as stored: its group, name and the request's body that made or last replaced it. */
    public record StoredSchedule(String group, String name, JsonNode definition) {

        public String expression() {
            return definition.path("ScheduleExpression").asText();
        }

        public JsonNode target() {
            return definition.path("Target");
        }
    }

    /** One call the server answered: its operation, the schedule's name and the HTTP status. */
    public record Call(String operation, String name, int status) {
    }

    private final HttpServer server;
    private final Map<String, StoredSchedule> schedules = new ConcurrentHashMap<>();
    private final java.util.Set<String> groups = ConcurrentHashMap.newKeySet();
    private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    public LocalSchedulerServer() {
        groups.add("default");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Makes a schedule group, as CloudFormation would before a test. */
    public LocalSchedulerServer withGroup(String name) {
        groups.add(name);
        return this;
    }

    private record Answer(int status, JsonNode body, String error) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode request = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        String method = exchange.getRequestMethod();
        Answer answer;
        String name = "";
        String operation = method + " " + path;
        if (!path.startsWith("/schedules/")) {
            answer = error(400, "ValidationException", "unsupported " + operation);
        } else {
            name = URLDecoder.decode(path.substring("/schedules/".length()), StandardCharsets.UTF_8);
            operation = switch (method) {
                case "POST" -> "CreateSchedule";
                case "PUT" -> "UpdateSchedule";
                case "GET" -> "GetSchedule";
                case "DELETE" -> "DeleteSchedule";
                default -> operation;
            };
            String group = method.equals("GET") || method.equals("DELETE")
                    ? query.getOrDefault("groupName", "default") : request.path("GroupName").asText("default");
            answer = answer(operation, group, name, request);
        }
        calls.add(new Call(operation, name, answer.status()));
        byte[] body = answer.body().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (answer.error() != null) {
            exchange.getResponseHeaders().add("X-Amzn-ErrorType", answer.error());
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private Answer answer(String operation, String group, String name, JsonNode request) {
        if (!NAME.matcher(name).matches()) {
            return error(400, "ValidationException", "1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [0-9a-zA-Z-_.]+ and have length between 1 and 64");
        }
        if (!NAME.matcher(group).matches()) {
            return error(400, "ValidationException", "Value '" + group + "' at 'groupName' failed to satisfy"
                    + " constraint");
        }
        if (!groups.contains(group)) {
            return error(404, "ResourceNotFoundException", "Schedule group " + group + " does not exist.");
        }
        String key = group + "/" + name;
        StoredSchedule stored = schedules.get(key);
        switch (operation) {
            case "CreateSchedule", "UpdateSchedule" -> {
                Optional<String> invalid = invalid(request);
                if (invalid.isPresent()) {
                    return error(400, "ValidationException", invalid.get());
                }
                if (operation.equals("CreateSchedule") && stored != null) {
                    return error(409, "ConflictException", "Schedule " + name + " already exists.");
                }
                if (operation.equals("UpdateSchedule") && stored == null) {
                    return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                }
                schedules.put(key, new StoredSchedule(group, name, request.deepCopy()));
                return new Answer(200, JSON.createObjectNode().put("ScheduleArn", arn(group, name)), null);
            }
            case "GetSchedule" -> {
                if (stored == null) {
                    return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                }
                ObjectNode schedule = ((ObjectNode) stored.definition().deepCopy());
                schedule.put("Name", name).put("GroupName", group).put("Arn", arn(group, name));
                if (!schedule.has("State")) {
                    schedule.put("State", "ENABLED");
                }
                return new Answer(200, schedule, null);
            }
            case "DeleteSchedule" -> {
                if (stored == null) {
                    return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                }
                schedules.remove(key);
                return new Answer(200, JSON.createObjectNode(), null);
            }
            default -> {
                return error(400, "ValidationException", "unsupported " + operation);
            }
        }
    }

    /** Why the service would refuse this definition, if it would. */
    private static Optional<String> invalid(JsonNode request) {
        String expression = request.path("ScheduleExpression").asText("");
        var at = AT.matcher(expression);
        if (at.matches()) {
            try {
                LocalDateTime.parse(at.group(1), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            } catch (DateTimeParseException e) {
                return Optional.of("Invalid Schedule Expression " + expression + ".");
            }
        } else if (!OTHER.matcher(expression).matches() || expression.length() > 256) {
            return Optional.of("Invalid Schedule Expression " + expression + ".");
        }
        JsonNode window = request.path("FlexibleTimeWindow");
        String mode = window.path("Mode").asText("");
        if (!mode.equals("OFF") && !mode.equals("FLEXIBLE")) {
            return Optional.of("FlexibleTimeWindow.Mode must be OFF or FLEXIBLE");
        }
        if (mode.equals("OFF") && window.has("MaximumWindowInMinutes")) {
            return Optional.of("MaximumWindowInMinutes must not be set when the flexible time window is OFF");
        }
        String after = request.path("ActionAfterCompletion").asText("NONE");
        if (!after.equals("NONE") && !after.equals("DELETE")) {
            return Optional.of("ActionAfterCompletion must be NONE or DELETE");
        }
        JsonNode target = request.path("Target");
        if (!target.path("Arn").isTextual() || !target.path("RoleArn").asText("")
                .matches("arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
            return Optional.of("Target needs an Arn and a RoleArn");
        }
        JsonNode retry = target.path("RetryPolicy");
        if (retry.has("MaximumRetryAttempts") && (retry.path("MaximumRetryAttempts").asInt() < 0
                || retry.path("MaximumRetryAttempts").asInt() > 185)) {
            return Optional.of("MaximumRetryAttempts must be 0 to 185");
        }
        if (retry.has("MaximumEventAgeInSeconds") && (retry.path("MaximumEventAgeInSeconds").asInt() < 60
                || retry.path("MaximumEventAgeInSeconds").asInt() > 86400)) {
            return Optional.of("MaximumEventAgeInSeconds must be 60 to 86400");
        }
        if (request.path("Description").asText("").length() > 512) {
            return Optional.of("Description is at most 512 characters");
        }
        return Optional.empty();
    }

    private static Answer error(int status, String type, String message) {
        return new Answer(status, JSON.createObjectNode().put("Message", message), type);
    }

    private static String arn(String group, String name) {
        return "arn:aws:scheduler:us-east-1:" + ACCOUNT + ":schedule/" + group + "/" + name;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    /** A real EventBridge Scheduler client pointed at this server; the caller closes it. */
    public SchedulerClient client() {
        return SchedulerClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The schedule of that name in that group, if there is one. */
    public Optional<StoredSchedule> schedule(String group, String name) {
        return Optional.ofNullable(schedules.get(group + "/" + name));
    }

    /** Every schedule there is. */
    public List<StoredSchedule> schedules() {
        return List.copyOf(schedules.values());
    }

    /** Fires a schedule as the scheduler does at its time: hands back its target's input and, as DELETE after
     * completion says, removes it. */
    public Optional<String> fire(String group, String name) {
        StoredSchedule schedule = schedules.get(group + "/" + name);
        if (schedule == null) {
            return Optional.empty();
        }
        if (schedule.definition().path("ActionAfterCompletion").asText("NONE").equals("DELETE")) {
            schedules.remove(group + "/" + name);
        }
        return Optional.of(schedule.target().path("Input").asText());
    }

    /** Every call answered, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
