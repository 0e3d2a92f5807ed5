package dev.skyport.audit.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.audit.application.AuditQuery;
import dev.skyport.audit.application.AuditTrail;
import dev.skyport.audit.domain.Actor;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.audit.domain.Outcome;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import dev.skyport.platform.dynamodb.AttributeValues;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The audit log in its own DynamoDB table ({@link SkyportTables#AUDIT}):
 * <pre>
 *   pk                   sk              day
 *   USER#owner           at#id           yyyy-MM-dd    an entry of a person (theirs to read)
 *   NOBODY#yyyy-MM-dd    at#id           yyyy-MM-dd    an entry of no known account (a failed sign-in by name)
 * </pre>
 * {@code at} is the entry's instant as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (fixed width, so text order is time order).
 * A person's entries of a time range are one Query of their partition, newest first; everyone's are Queries of the
 * {@code byDay} index, one day after the other from the newest: never a Scan. A day per partition key spreads a
 * year's writes over 365 index partitions; Skyport's write rate is far below one partition's 1,000 writes a second.
 * <p>
 * Items are only ever put, on the condition that no item has their key (so a repeat of the same entry, such as a
 * stream record handled twice, keeps the first and changes nothing), and never updated or deleted: the functions'
 * roles allow PutItem and Query on this table and nothing else. DynamoDB's TTL removes them after
 * {@link AuditEntry#KEPT}.
 * <p>
 * Action and resource filters are applied here, after reading, rather than as a FilterExpression: DynamoDB reads
 * (and bills) the same items either way, and a cursor is then exactly the last entry looked at, so a page with few
 * matches can still end with a cursor that goes on from there. One call looks at {@value #MAX_EXAMINED} entries at
 * most (or four times its limit, for an export) and then answers what it found with a cursor.
 */
@Singleton
public class DynamoDbAuditTrail implements AuditTrail {

    private static final String PK = SkyportTables.AUDIT.partitionKey();
    private static final String SK = SkyportTables.AUDIT.sortKey();
    private static final String DAY = SkyportTables.AUDIT.globalIndexes().getFirst().partitionKey();
    private static final String BY_DAY = SkyportTables.AUDIT.globalIndexes().getFirst().name();
    private static final String EXPIRES_AT = SkyportTables.AUDIT.ttlAttribute().orElseThrow();
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_FORMAT = DateTimeFormatter.ISO_LOCAL_DATE;
    /** Above every {@code at#id} of its instant: the inclusive end of a range. */
    private static final String AFTER_ALL_IDS = "#~";
    private static final int MAX_EXAMINED = 2000;
    private static final int MAX_CURSOR = 200;
    private static final Pattern CURSOR = Pattern.compile("(USER#[0-9a-f-]{36}|NOBODY#\\d{4}-\\d{2}-\\d{2})"
            + " (\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)#([0-9a-f-]{36})");

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAuditTrail(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.AUDIT);
    }

    @Override
    public void append(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        String day = DAY_FORMAT.format(entry.at().atZone(ZoneOffset.UTC));
        item.put(PK, s(entry.owner().map(owner -> "USER#" + owner.value()).orElse("NOBODY#" + day)));
        item.put(SK, s(AT.format(entry.at()) + "#" + entry.id()));
        item.put(DAY, s(day));
        item.put("id", s(entry.id()));
        item.put("at", millis(entry.at()));
        entry.owner().ifPresent(owner -> item.put("owner", s(owner.value())));
        item.put("actorKind", s(entry.actor().kind()));
        entry.actor().id().ifPresent(id -> item.put("actorId", s(id)));
        entry.actor().onBehalfOf().ifPresent(person -> item.put("actorFor", s(person.value())));
        item.put("action", s(entry.action()));
        item.put("resource", s(entry.resource()));
        item.put("outcome", s(entry.outcome().name()));
        item.put("status", n(entry.outcome().status()));
        entry.outcome().problemType().ifPresent(type -> item.put("problemType", s(type)));
        entry.detail().ifPresent(detail -> item.put("detail", s(detail)));
        entry.clientAddress().ifPresent(address -> item.put("clientAddress", s(address)));
        entry.userAgent().ifPresent(agent -> item.put("userAgent", s(agent)));
        entry.requestId().ifPresent(id -> item.put("requestId", s(id)));
        item.put(EXPIRES_AT, ttl(entry.expiresAt()));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException e) {
            // kept already: the same entry recorded again (a stream record handled twice) changes nothing
        }
    }

    @Override
    public Page owned(UserId owner, AuditQuery query) {
        String pk = "USER#" + owner.value();
        Optional<Cursor> cursor = query.cursor().map(c -> decode(c, query));
        if (cursor.isPresent() && !cursor.get().pk().equals(pk)) {
            throw invalidCursor(); // a cursor never crosses owners
        }
        Reader reader = new Reader(query);
        Map<String, AttributeValue> start = cursor.map(c -> Map.of(PK, s(c.pk()), SK, s(c.sk()))).orElse(null);
        reader.read(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(AT.format(query.from())),
                        ":to", s(AT.format(query.to()) + AFTER_ALL_IDS))), start);
        return reader.page();
    }

    @Override
    public Page everyone(AuditQuery query) {
        Optional<Cursor> cursor = query.cursor().map(c -> decode(c, query));
        LocalDate first = LocalDate.ofInstant(query.from(), ZoneOffset.UTC);
        LocalDate day = cursor.map(c -> LocalDate.parse(c.sk().substring(0, 10)))
                .orElse(LocalDate.ofInstant(query.to(), ZoneOffset.UTC));
        Reader reader = new Reader(query);
        Map<String, AttributeValue> start = cursor.map(c -> Map.of(PK, s(c.pk()), SK, s(c.sk()),
                DAY, s(c.sk().substring(0, 10)))).orElse(null);
        while (!day.isBefore(first) && !reader.done()) {
            reader.read(QueryRequest.builder().tableName(table).indexName(BY_DAY)
                    .keyConditionExpression("#day = :day AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#day", DAY, "#sk", SK))
                    .expressionAttributeValues(Map.of(":day", s(DAY_FORMAT.format(day)),
                            ":from", s(AT.format(query.from())), ":to", s(AT.format(query.to()) + AFTER_ALL_IDS))),
                    start);
            start = null;
            day = day.minusDays(1);
        }
        return reader.page();
    }

    /** Reads entries newest first, keeps those the query matches, stops when the page is full or enough was read. */
    private final class Reader {

        private final AuditQuery query;
        private final int maxExamined;
        private final List<AuditEntry> entries = new ArrayList<>();
        private int examined;
        private Map<String, AttributeValue> lastLookedAt;
        private boolean more;

        Reader(AuditQuery query) {
            this.query = query;
            this.maxExamined = Math.max(MAX_EXAMINED, 4 * query.limit());
        }

        boolean done() {
            return more;
        }

        /** Reads one partition from {@code start} (exclusive) on, until it ends or the page is done. */
        void read(QueryRequest.Builder request, Map<String, AttributeValue> start) {
            Map<String, AttributeValue> from = start;
            do {
                QueryResponse response = dynamoDb.query(request.scanIndexForward(false)
                        .limit(Math.min(1000, query.limit() + 1)).exclusiveStartKey(from).build());
                for (Map<String, AttributeValue> item : response.items()) {
                    if (entries.size() == query.limit() || examined == maxExamined) {
                        more = true; // there is at least this one more to look at
                        return;
                    }
                    examined++;
                    lastLookedAt = item;
                    if (query.matches(item.get("action").s(), item.get("resource").s())) {
                        entries.add(entry(item));
                    }
                }
                from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (from != null);
        }

        Page page() {
            return new Page(entries, more ? Optional.of(encode(lastLookedAt.get(PK).s(), lastLookedAt.get(SK).s()))
                    : Optional.empty());
        }
    }

    /** The entry an audit item holds (as a Query or the table's stream gives it). */
    public static AuditEntry entry(Map<String, AttributeValue> item) {
        Optional<UserId> owner = text(item, "owner").map(UserId::new);
        Actor actor = Actor.of(item.get("actorKind").s(), text(item, "actorId"),
                text(item, "actorFor").map(UserId::new));
        Outcome outcome = Outcome.of(item.get("outcome").s(), Integer.parseInt(item.get("status").n()),
                text(item, "problemType"));
        return new AuditEntry(item.get("id").s(), AttributeValues.instant(item.get("at")), owner, actor,
                item.get("action").s(), item.get("resource").s(), outcome, text(item, "detail"),
                text(item, "clientAddress"), text(item, "userAgent"), text(item, "requestId"));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    /** A page's cursor: the key of the last entry looked at, base64url. */
    private record Cursor(String pk, String sk) {
    }

    private static String encode(String pk, String sk) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((pk + " " + sk)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws DomainException {@code invalid-cursor} (400) for anything {@link #encode} did not make, or a cursor
     *                         outside the query's time range (another query's: DynamoDB would refuse to start there)
     */
    private static Cursor decode(String cursor, AuditQuery query) {
        if (cursor.length() > MAX_CURSOR) {
            throw invalidCursor();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        Matcher matcher = CURSOR.matcher(text);
        if (!matcher.matches() || !UuidText.matches(matcher.group(3)) || !isInstant(matcher.group(2))) {
            throw invalidCursor();
        }
        Instant at = Instant.parse(matcher.group(2));
        if (at.isBefore(query.from().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                || at.isAfter(query.to())) {
            throw invalidCursor();
        }
        return new Cursor(matcher.group(1), matcher.group(2) + "#" + matcher.group(3));
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static DomainException invalidCursor() {
        return DomainException.invalid("invalid-cursor", "cursor is not one this API returned");
    }
}
