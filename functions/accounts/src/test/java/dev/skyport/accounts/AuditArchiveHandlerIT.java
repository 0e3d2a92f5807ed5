package dev.skyport.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.audit.config.AuditArchiveSettings;
import dev.skyport.audit.application.AuditTrail;
import dev.skyport.audit.domain.Actor;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.audit.domain.Outcome;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalS3Server;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSnsServer;
import dev.skyport.testing.SkyportTestProperties;
import dev.skyport.testing.TableStream;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit archive on DynamoDB Local's real stream of the audit table, writing to a local S3 that refuses what an
 * Object Lock bucket refuses: new entries become one object of JSON lines per batch, in the export's format; a batch
 * handed twice adds a version of the same object, never a second object; what S3 refuses is reported for Lambda to
 * hand again, and nothing is lost when it does.
 */
class AuditArchiveHandlerIT {

    private static final String BUCKET = "skyport-audit-archive";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserId ADA = new UserId("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static final UserId LIN = new UserId("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    private final LocalS3Server s3 = new LocalS3Server(BUCKET);
    private final LocalSesServer ses = new LocalSesServer();
    private final LocalSnsServer sns = new LocalSnsServer();
    private AuditArchiveHandler handler;
    private AuditTrail trail;
    private TableStream stream;
    private String table;

    @BeforeEach
    void start() {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
        properties.put("skyport.events.topic-arn", "arn:aws:sns:us-east-1:000000000000:platform-events");
        properties.put("skyport.aws.endpoints.s3", s3.endpoint().toString());
        properties.put(AuditArchiveSettings.BUCKET, BUCKET);
        ApplicationContext context = ApplicationContext.builder().properties(properties).start();
        handler = new AuditArchiveHandler(context);
        trail = context.getBean(AuditTrail.class);
        table = context.getBean(TableNames.class).nameOf(SkyportTables.AUDIT);
        stream = new TableStream(table);
    }

    @AfterEach
    void stop() {
        stream.close();
        handler.close();
        s3.close();
        ses.close();
        sns.close();
    }

    private static AuditEntry entry(Optional<UserId> owner, Actor actor, String action, Instant at) {
        return new AuditEntry(UUID.randomUUID().toString(), at, owner, actor, action, "/me", new Outcome.Done(200),
                Optional.empty(), Optional.of("203.0.113.7"), Optional.of("curl/8.5"), Optional.of("req-1"));
    }

    private StreamsEventResponse invoke(DynamodbEvent batch) {
        return handler.handleRequest(batch, new MockLambdaContext());
    }

    private static List<JsonNode> lines(String jsonLines) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void a_batch_of_new_entries_is_one_object_of_json_lines_per_day_with_s3_s_checksum() throws Exception {
        Instant at = Instant.parse("2026-12-06T23:59:58.250Z");
        List<AuditEntry> entries = List.of(
                entry(Optional.of(ADA), new Actor.Person(ADA), "changeUsername", at),
                entry(Optional.of(LIN), new Actor.AdminOnPerson(ADA, LIN), "demoteUser", at.plusSeconds(1)),
                entry(Optional.empty(), new Actor.Anonymous(Optional.of("mallory")), "login", at.plusSeconds(3)));
        entries.forEach(trail::append);
        DynamodbEvent batch = stream.next();

        StreamsEventResponse response = invoke(batch);

        assertThat(response.getBatchItemFailures()).isEmpty();
        String first = batch.getRecords().getFirst().getDynamodb().getSequenceNumber();
        String third = batch.getRecords().get(2).getDynamodb().getSequenceNumber();
        String sixth = "audit/2026/12/06/" + first + ".jsonl";
        String seventh = "audit/2026/12/07/" + third + ".jsonl";
        assertThat(s3.keys(BUCKET)).containsExactly(sixth, seventh);
        List<JsonNode> before = lines(s3.versions(BUCKET, sixth).getFirst());
        assertThat(before).extracting(line -> line.path("id").asText())
                .containsExactly(entries.get(0).id(), entries.get(1).id());
        JsonNode demotion = before.get(1);
        assertThat(demotion.path("actor_kind").asText()).isEqualTo("admin");
        assertThat(demotion.path("actor_id").asText()).isEqualTo(ADA.value());
        assertThat(demotion.path("owner").asText()).isEqualTo(LIN.value());
        assertThat(demotion.path("action").asText()).isEqualTo("demoteUser");
        assertThat(demotion.path("client_address").asText()).isEqualTo("203.0.113.7");
        assertThat(demotion.path("at").asText()).isEqualTo("2026-12-06T23:59:59.250Z");
        JsonNode afterMidnight = lines(s3.versions(BUCKET, seventh).getFirst()).getFirst();
        assertThat(afterMidnight.path("id").asText()).isEqualTo(entries.get(2).id());
        assertThat(afterMidnight.path("owner").isNull()).isTrue();
        // an Object Lock bucket refuses a put without an integrity checksum; this one is the body's SHA-256
        assertThat(s3.checksumHeaders(BUCKET, sixth)).singleElement().satisfies(headers -> assertThat(headers)
                .contains("x-amz-checksum-sha256"));
    }

    /**
     * An item this code cannot read (a kind of actor a newer writer knows) is kept whole, as DynamoDB's JSON, and the
     * entries around it are archived as usual: one odd item never holds up the log.
     */
    @Test
    void an_item_it_cannot_read_is_kept_whole_and_holds_up_nothing() throws Exception {
        Instant at = Instant.parse("2026-12-06T12:00:00Z");
        trail.append(entry(Optional.of(ADA), new Actor.Person(ADA), "changeUsername", at));
        DynamoDbLocalFixture.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("USER#" + ADA.value()),
                "sk", AttributeValue.fromS("2026-12-06T12:00:01.000Z#robot"),
                "id", AttributeValue.fromS("robot"), "at", AttributeValue.fromN("1796558401000"),
                "actorKind", AttributeValue.fromS("robot"), "action", AttributeValue.fromS("beep"))));
        trail.append(entry(Optional.of(ADA), new Actor.Person(ADA), "changePassword", at.plusSeconds(2)));

        StreamsEventResponse response = invoke(stream.next());

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> archived = lines(s3.versions(BUCKET, s3.keys(BUCKET).getFirst()).getFirst());
        assertThat(archived).hasSize(3);
        assertThat(archived.get(0).path("action").asText()).isEqualTo("changeUsername");
        assertThat(archived.get(1).path("unreadable").asBoolean()).isTrue();
        assertThat(archived.get(1).path("item").path("actorKind").path("S").asText()).isEqualTo("robot");
        assertThat(archived.get(2).path("action").asText()).isEqualTo("changePassword");
    }

    /** The sample of {@code events/} (two new entries and one the TTL removed) as Lambda hands it. */
    @Test
    void the_sample_batch_keeps_its_two_new_entries_with_their_refusal_and_no_removed_one() throws Exception {
        StreamsEventResponse response = invoke(dev.skyport.testing.LambdaEvents.read("dynamodb-stream-audit.json",
                DynamodbEvent.class, Map.of()));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(s3.keys(BUCKET)).containsExactly("audit/2026/12/06/200000000001.jsonl");
        List<JsonNode> archived = lines(s3.versions(BUCKET, "audit/2026/12/06/200000000001.jsonl").getFirst());
        assertThat(archived).extracting(line -> line.path("action").asText()).containsExactly("changeUsername",
                "login");
        assertThat(archived.get(1).path("outcome").asText()).isEqualTo("refused");
        assertThat(archived.get(1).path("problem_type").asText()).endsWith("/invalid-credentials");
        assertThat(archived.get(1).path("actor_id").asText()).isEqualTo("mallory");
    }

    @Test
    void a_batch_handed_again_adds_a_version_of_the_same_object_and_no_second_object() {
        trail.append(entry(Optional.of(ADA), new Actor.Person(ADA), "changePassword", Instant.now()));
        DynamodbEvent batch = stream.next();

        invoke(batch);
        invoke(batch);

        assertThat(s3.keys(BUCKET)).hasSize(1);
        List<String> versions = s3.versions(BUCKET, s3.keys(BUCKET).getFirst());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1)).isEqualTo(versions.get(0));
    }

    @Test
    void entries_leaving_the_table_are_not_news_and_write_nothing() {
        trail.append(entry(Optional.of(ADA), new Actor.Person(ADA), "changePassword", Instant.now()));
        invoke(stream.next());
        var item = DynamoDbLocalFixture.client().scan(b -> b.tableName(table)).items().getFirst();
        // what DynamoDB's TTL does after a year (no function may: IAM denies it)
        DynamoDbLocalFixture.client().deleteItem(b -> b.tableName(table).key(Map.of(
                "pk", item.get("pk"), "sk", item.get("sk"))));
        DynamodbEvent removal = stream.next();
        assertThat(removal.getRecords()).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName)
                .containsExactly("REMOVE");

        StreamsEventResponse response = invoke(removal);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(s3.keys(BUCKET)).hasSize(1);
        assertThat(s3.versions(BUCKET, s3.keys(BUCKET).getFirst())).hasSize(1);
    }

    @Test
    void a_batch_s3_refuses_is_reported_from_its_first_record_and_kept_whole_when_handed_again() throws Exception {
        for (int i = 0; i < 3; i++) {
            trail.append(entry(Optional.of(ADA), new Actor.Person(ADA), "createCluster", Instant.now()));
        }
        DynamodbEvent batch = stream.next();
        String first = batch.getRecords().getFirst().getDynamodb().getSequenceNumber();
        s3.failNext(100); // past the SDK's own retries

        StreamsEventResponse refused = invoke(batch);

        assertThat(refused.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(first);
        assertThat(s3.keys(BUCKET)).isEmpty();

        s3.failNext(0);
        StreamsEventResponse kept = invoke(batch);

        assertThat(kept.getBatchItemFailures()).isEmpty();
        assertThat(lines(s3.versions(BUCKET, s3.keys(BUCKET).getFirst()).getFirst())).hasSize(3);
    }
}
