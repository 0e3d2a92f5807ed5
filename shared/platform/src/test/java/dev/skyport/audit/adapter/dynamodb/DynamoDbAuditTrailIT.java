package dev.skyport.audit.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.audit.application.AuditQuery;
import dev.skyport.audit.application.AuditTrail;
import dev.skyport.audit.domain.Actor;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.audit.domain.Outcome;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.DynamoDbLocalServer;
import dev.skyport.platform.dynamodb.DynamoDbTableProvisioner;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The audit trail on DynamoDB Local: conditional appends, Queries of one person and of everyone by day, cursors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbAuditTrailIT {

    private static final Instant START = Instant.parse("2026-12-01T22:00:00Z");

    private DynamoDbLocalServer server;
    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbAuditTrail trail;
    private final UserId ada = UserId.generate();
    private final UserId bob = UserId.generate();

    @BeforeAll
    void start() {
        server = DynamoDbLocalServer.start(Optional.empty(), 0);
        dynamoDb = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        table = "audit-" + UUID.randomUUID();
        new DynamoDbTableProvisioner(dynamoDb).createIfMissing(SkyportTables.AUDIT, table);
        trail = new DynamoDbAuditTrail(dynamoDb, new TableNames("users", "cloud-accounts", "clusters",
                "notifications", "connections", table));
        // Ten entries each, an hour apart, across midnight: 22:00 on the 1st to 07:00 on the 2nd.
        for (int i = 0; i < 10; i++) {
            trail.append(entry(ada, START.plus(Duration.ofHours(i)), i % 2 == 0 ? "createCluster" : "deleteCluster"));
            trail.append(entry(bob, START.plus(Duration.ofHours(i)).plusSeconds(1), "login"));
        }
        trail.append(new AuditEntry(UUID.randomUUID().toString(), START.plusSeconds(30), Optional.empty(),
                new Actor.Anonymous(Optional.of("nobody")), "login", "/auth/login",
                Outcome.ofStatus(401, Optional.empty()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    @AfterAll
    void stop() {
        dynamoDb.close();
        server.close();
    }

    private static AuditEntry entry(UserId owner, Instant at, String action) {
        return new AuditEntry(UUID.randomUUID().toString(), at, Optional.of(owner), new Actor.Person(owner), action,
                "/clusters/" + owner.value(), new Outcome.Done(202), Optional.empty(), Optional.of("127.0.0.1"),
                Optional.of("test"), Optional.of("req"));
    }

    private static AuditQuery query(Optional<String> action, Optional<String> cursor, int limit) {
        return new AuditQuery(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(1)), action,
                Optional.empty(), cursor, limit);
    }

    @Test
    void an_entry_appended_twice_is_kept_once_and_unchanged() {
        AuditEntry first = entry(UserId.generate(), START, "createCluster");
        trail.append(first);
        AuditEntry again = new AuditEntry(first.id(), first.at(), first.owner(), first.actor(), "deleteCluster",
                first.resource(), first.outcome(), first.detail(), first.clientAddress(), first.userAgent(),
                first.requestId());
        trail.append(again);
        AuditTrail.Page page = trail.owned(first.owner().orElseThrow(), query(Optional.empty(), Optional.empty(), 10));
        assertThat(page.entries()).singleElement().satisfies(kept -> {
            assertThat(kept.action()).isEqualTo("createCluster");
            assertThat(kept).isEqualTo(first);
        });
    }

    @Test
    void a_person_s_entries_come_newest_first_page_by_page_and_filtered() {
        List<AuditEntry> paged = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            AuditTrail.Page page = trail.owned(ada, query(Optional.empty(), cursor, 3));
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(3);
            paged.addAll(page.entries());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertThat(paged).hasSize(10).allSatisfy(e -> assertThat(e.owner()).contains(ada));
        assertThat(paged.stream().map(AuditEntry::at).toList())
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(trail.owned(ada, query(Optional.of("deleteCluster"), Optional.empty(), 100)).entries())
                .hasSize(5).allSatisfy(e -> assertThat(e.action()).isEqualTo("deleteCluster"));
    }

    @Test
    void everyone_s_entries_come_from_each_day_newest_first_across_midnight() {
        List<AuditEntry> paged = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            AuditTrail.Page page = trail.everyone(query(Optional.empty(), cursor, 4));
            paged.addAll(page.entries());
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());
        assertThat(pages).isGreaterThan(4);
        assertThat(paged.stream().map(AuditEntry::id).distinct()).hasSize(paged.size());
        assertThat(paged).filteredOn(e -> e.owner().isEmpty()).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(new Actor.Anonymous(Optional.of("nobody"))));
        assertThat(paged).filteredOn(e -> e.owner().equals(Optional.of(ada))).hasSize(10);
        assertThat(paged).filteredOn(e -> e.owner().equals(Optional.of(bob))).hasSize(10);
        assertThat(paged.stream().map(AuditEntry::at).toList()).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void a_time_range_is_a_key_condition_both_ends_included() {
        AuditQuery night = new AuditQuery(START.plus(Duration.ofHours(2)), START.plus(Duration.ofHours(4)),
                Optional.empty(), Optional.empty(), Optional.empty(), 100);
        assertThat(trail.owned(ada, night).entries()).extracting(AuditEntry::at).containsExactly(
                START.plus(Duration.ofHours(4)), START.plus(Duration.ofHours(3)), START.plus(Duration.ofHours(2)));
        assertThat(trail.everyone(night).entries()).hasSize(5);
    }

    @Test
    void a_cursor_of_another_person_or_not_made_here_is_refused() {
        String adasCursor = trail.owned(ada, query(Optional.empty(), Optional.empty(), 1)).nextCursor()
                .orElseThrow();
        assertThatThrownBy(() -> trail.owned(bob, query(Optional.empty(), Optional.of(adasCursor), 1)))
                .isInstanceOf(DomainException.class).hasMessageStartingWith("cursor ");
        for (String forged : List.of("not-a-cursor", "", "VVNFUiN4IDIwMjYtMTItMDFUMjI6MDA6MDAuMDAwWiN4",
                "x".repeat(300))) {
            assertThatThrownBy(() -> trail.everyone(query(Optional.empty(), Optional.of(forged), 1)))
                    .as(forged).isInstanceOf(DomainException.class);
        }
    }
}
