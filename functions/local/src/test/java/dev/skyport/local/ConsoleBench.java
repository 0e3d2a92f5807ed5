package dev.skyport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.clusters.adapter.dynamodb.ClusterKeys;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.ApiClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console's budgets (run with {@code -Pbench}; figures printed, never asserted), measured in Debian's Chromium by
 * {@code shared/console/src/test/browser/budgets.mjs} against the local platform: the initial JavaScript gzipped
 * (budget 200 KB), the first page interactive with an empty cache (budget 1 s), and, on an open cluster page, the
 * time from a status written to the clusters table (as the workflow writes it) until the page shows it, over
 * {@value #TRANSITIONS} writes one after the other (budget 1 s at p99).
 */
public final class ConsoleBench {

    static final int TRANSITIONS = 1000;
    private static final Path CONSOLE = Path.of("../../shared/console").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        if (!Files.isExecutable(Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium")))) {
            System.out.println("console budgets: skipped, no Chromium at /usr/bin/chromium (apt-get install chromium)");
            System.exit(0);
        }
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.empty(), Optional.empty()))) {
            ApiClient api = new ApiClient(platform::baseUrl);
            String bearer = TourSteps.signedIn(api, "bench-console@example.com", "bench-console");
            String owner = api.get("/me", "Authorization", bearer).json().path("id").asText();
            String account = TourSteps.connectSimulated(api, bearer, "aws", "Bench");
            String cluster = TourSteps.createCluster(api, bearer, account, "bench", "{}").path("id").asText();
            TourSteps.awaitStatus(api, bearer, cluster, "RUNNING");
            DynamoDbClient dynamoDb = platform.context().getBean(DynamoDbClient.class);
            String table = platform.context().getBean(TableNames.class).nameOf(SkyportTables.CLUSTERS);
            long version = api.get("/clusters/" + cluster, "Authorization", bearer).json().path("version").asLong();

            String base = platform.baseUrl().toString().replaceAll("/$", "");
            Process node = new ProcessBuilder("node", "src/test/browser/budgets.mjs", base,
                    base + "/console/clusters/" + cluster, "bench-console", TourSteps.PASSWORD)
                    .directory(CONSOLE.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader figures = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8));
            try (Writer statuses = node.outputWriter(StandardCharsets.UTF_8)) {
                for (String line = figures.readLine(); line != null; line = figures.readLine()) {
                    JsonNode message = JSON.readTree(line);
                    if (message.has("figure")) {
                        System.out.println("console budgets: " + line);
                    } else if (message.has("ready")) {
                        break;
                    }
                }
                for (int i = 0; i < TRANSITIONS; i++) {
                    String to = i % 2 == 0 ? "PROVISIONING" : "DELETING";
                    version++;
                    write(dynamoDb, table, owner, cluster, to, version);
                    statuses.write(to + "\n");
                    statuses.flush();
                    String shown = figures.readLine();
                    if (shown == null || !JSON.readTree(shown).path("shown").asText().equals(to)) {
                        throw new IllegalStateException("the page did not show " + to + ": " + shown);
                    }
                }
            }
            for (String line = figures.readLine(); line != null; line = figures.readLine()) {
                System.out.println("console budgets: " + line);
            }
            node.waitFor();
        }
        System.exit(0);
    }

    /** The conditional status write a workflow step makes (as LiveStatusBench writes it). */
    private static void write(DynamoDbClient dynamoDb, String table, String owner, String cluster, String status,
                              long version) {
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(SkyportTables.CLUSTERS.partitionKey(), s(SessionFamilyItems.USER_PREFIX + owner),
                        SkyportTables.CLUSTERS.sortKey(), s(ClusterKeys.CLUSTER_PREFIX + cluster)))
                .updateExpression("SET #status = :to, version = :next, updatedAt = :now")
                .conditionExpression("version = :current")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":to", s(status), ":next", n(version), ":current",
                        n(version - 1), ":now", n(System.currentTimeMillis()))));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
