package dev.skyport.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.simulated.LoopbackHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server speaking the AWS JSON protocols the clusters functions use: Step Functions (StartExecution,
 * StopExecution; JSON 1.0), CloudWatch Logs (GetLogEvents; JSON 1.1) and ECS (DescribeTasks; JSON 1.1, the run
 * broker), so the real SDK clients and adapters run in tests. Executions are recorded; log streams and tasks are
 * filled by the test.
 */
final class LocalWorkflowServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One StartExecution as received, and whether a StopExecution followed. */
    record Execution(String arn, String name, JsonNode input, boolean stopped) {
    }

    private final HttpServer server = LoopbackHttp.server();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final List<String> starts = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> streams = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> tasks = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    LocalWorkflowServer() {
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every execution started, by name (the run id). */
    Map<String, Execution> executions() {
        return Map.copyOf(executions);
    }

    /** The names of StartExecution requests in the order received, repeated ones included. */
    List<String> starts() {
        return List.copyOf(starts);
    }

    /** From now on Step Functions answers 503. */
    void unavailable(boolean down) {
        unavailable = down;
    }

    /**
     * A task ECS runs in {@code cluster}, of a task definition family, in a status ({@code RUNNING}, ...), started
     * with this environment for its {@code terraform} container, as Step Functions' RunTask passes it.
     */
    void task(String cluster, String taskId, String family, String status, Map<String, String> environment) {
        ObjectNode task = JSON.createObjectNode();
        task.put("taskArn", cluster.replace(":cluster/", ":task/") + "/" + taskId)
                .put("clusterArn", cluster)
                .put("taskDefinitionArn", cluster.replaceFirst(":cluster/.*", ":task-definition/") + family + ":3")
                .put("lastStatus", status).put("desiredStatus", status.equals("STOPPED") ? "STOPPED" : "RUNNING");
        ArrayNode env = task.putObject("overrides").putArray("containerOverrides").addObject().put("name", "terraform")
                .putArray("environment");
        environment.forEach((name, value) -> env.addObject().put("name", name).put("value", value));
        tasks.put(cluster + "/" + taskId, task);
    }

    /** Appends lines to a log stream of the tasks' log group. */
    void log(String stream, String... lines) {
        streams.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).addAll(List.of(lines));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        ObjectNode answer = JSON.createObjectNode();
        int status = 200;
        if (unavailable && target.startsWith("AWSStepFunctions.")) {
            status = 503;
            answer.put("__type", "ServiceUnavailable").put("message", "try later");
        } else {
            switch (target) {
                case "AWSStepFunctions.StartExecution" -> {
                    String name = request.path("name").asText();
                    starts.add(name);
                    String arn = request.path("stateMachineArn").asText().replace(":stateMachine:", ":execution:")
                            + ":" + name;
                    Execution before = executions.get(name);
                    if (before != null && !before.input().equals(JSON.readTree(request.path("input").asText()))) {
                        status = 400;
                        answer.put("__type", "ExecutionAlreadyExists").put("message", "another input");
                    } else {
                        executions.putIfAbsent(name, new Execution(arn, name,
                                JSON.readTree(request.path("input").asText()), false));
                        answer.put("executionArn", arn).put("startDate", 1.7954244E9);
                    }
                }
                case "AWSStepFunctions.StopExecution" -> {
                    String arn = request.path("executionArn").asText();
                    Execution execution = executions.values().stream().filter(e -> e.arn().equals(arn)).findFirst()
                            .orElse(null);
                    if (execution == null) {
                        status = 400;
                        answer.put("__type", "ExecutionDoesNotExist").put("message", "no such execution");
                    } else {
                        executions.put(execution.name(), new Execution(arn, execution.name(), execution.input(),
                                true));
                        answer.put("stopDate", 1.7954244E9);
                    }
                }
                case "Logs_20140328.GetLogEvents" -> {
                    List<String> lines = streams.get(request.path("logStreamName").asText());
                    if (lines == null) {
                        status = 400;
                        answer.put("__type", "ResourceNotFoundException").put("message", "no such stream");
                    } else {
                        String token = request.path("nextToken").asText("f/0");
                        int from = Integer.parseInt(token.substring(2).replace("/s", ""));
                        int limit = request.path("limit").asInt(10_000);
                        int to = Math.min(lines.size(), from + limit);
                        ArrayNode events = answer.putArray("events");
                        for (int i = from; i < to; i++) {
                            events.addObject().put("timestamp", 1_795_424_400_000L + i).put("message", lines.get(i))
                                    .put("ingestionTime", 1_795_424_400_000L + i);
                        }
                        answer.put("nextForwardToken", "f/" + to).put("nextBackwardToken", "b/" + from);
                    }
                }
                case "AmazonEC2ContainerServiceV20141113.DescribeTasks" -> {
                    ArrayNode found = answer.putArray("tasks");
                    ArrayNode failures = answer.putArray("failures");
                    for (JsonNode id : request.path("tasks")) {
                        ObjectNode task = tasks.get(request.path("cluster").asText() + "/" + id.asText());
                        if (task == null) {
                            failures.addObject().put("arn", id.asText()).put("reason", "MISSING");
                        } else {
                            found.add(task);
                        }
                    }
                }
                default -> {
                    status = 400;
                    answer.put("__type", "UnknownOperationException").put("message", target);
                }
            }
        }
        byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
