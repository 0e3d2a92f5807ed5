package dev.skyport.accounts;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbRecordTransformer;
import dev.skyport.accounts.adapter.s3.S3AuditArchive;
import dev.skyport.accounts.web.AuditEntryView;
import dev.skyport.audit.adapter.dynamodb.DynamoDbAuditTrail;
import dev.skyport.platform.dynamodb.AttributeValues;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit archive: reads the audit table's stream (inserts only; entries are never changed, and their removal by
 * TTL after a year is not news) and copies each batch of new entries into the archive bucket as one object of JSON
 * lines, the audit export's format, so the log outlives the table's year under Object Lock.
 * <p>
 * Each entry goes under its own day (UTC, from its {@code at}): a batch makes one object per day it holds, keyed
 * {@code audit/<yyyy>/<MM>/<dd>/<sequence number of that day's first record>.jsonl}. When S3 refuses one, the whole
 * batch is reported failed (partial batch response at its first record) and Lambda hands it again; an object written
 * again is a second version of the same key under Object Lock. If Lambda splits a failing batch (bisect on error), two
 * objects can hold the same entry: each line has the entry's {@code id}, and readers keep one line per id
 * ({@code docs/operations.md}, "The audit archive"). An item this code cannot read is kept whole as DynamoDB JSON, so
 * only S3 holds a batch back, never one odd item.
 */
public class AuditArchiveHandler extends EventHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(AuditArchiveHandler.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd").withZone(ZoneOffset.UTC);

    @Inject
    S3AuditArchive archive;

    @Inject
    JsonMapper json;

    /** Used by the Lambda runtime. */
    public AuditArchiveHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public AuditArchiveHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected StreamsEventResponse execute(DynamodbEvent input) {
        List<DynamodbEvent.DynamodbStreamRecord> records = input.getRecords() == null ? List.of()
                : input.getRecords().stream().filter(record -> "INSERT".equals(record.getEventName())).toList();
        if (records.isEmpty()) {
            return new StreamsEventResponse(List.of());
        }
        // Each entry under its own day; within a day, in stream order. An object per day of the batch.
        Map<String, Day> days = new TreeMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            String sequence = record.getDynamodb().getSequenceNumber();
            String line = line(record, sequence);
            days.computeIfAbsent(DAY.format(at(record)), day -> new Day(day, sequence)).lines().append(line);
        }
        String first = records.getFirst().getDynamodb().getSequenceNumber();
        try {
            for (Day day : days.values()) {
                archive.keep(key(day.day(), day.firstSequence()), day.lines().toString());
            }
            LOG.info("archived {} audit entries in {} object(s)", records.size(), days.size());
            return new StreamsEventResponse(List.of());
        } catch (RuntimeException e) {
            LOG.warn("audit batch from sequence {} ({} entries) not archived: {}: {}; the batch is handed again",
                    first, records.size(), e.getClass().getSimpleName(), e.getMessage());
            return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(first)));
        }
    }

    /** The lines of one day of a batch, and where in the stream the first of them is. */
    private record Day(String day, String firstSequence, StringBuilder lines) {
        Day(String day, String firstSequence) {
            this(day, firstSequence, new StringBuilder());
        }
    }

    /**
     * The record's entry as the export writes it; an item this code cannot read (a kind of actor a newer writer
     * knows, a field gone wrong) is kept whole instead, as DynamoDB's JSON, rather than holding up every entry after it.
     */
    private String line(DynamodbEvent.DynamodbStreamRecord record, String sequence) {
        Map<String, AttributeValue> item = DynamodbRecordTransformer.toRecordV2(record).dynamodb().newImage();
        try {
            return AuditEntryView.jsonLines(json, List.of(AuditEntryView.of(DynamoDbAuditTrail.entry(item))));
        } catch (RuntimeException unreadable) {
            LOG.error("audit item at sequence {} kept as DynamoDB JSON: {}: {}", sequence,
                    unreadable.getClass().getSimpleName(), unreadable.getMessage());
            return rawLine(item);
        }
    }

    private String rawLine(Map<String, AttributeValue> item) {
        Map<String, Object> raw = new TreeMap<>();
        raw.put("unreadable", true);
        raw.put("item", AttributeValues.dynamoDbJson(item));
        try {
            return json.writeValueAsString(raw) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the entry happened, by its {@code at} (epoch milliseconds); the record's own time if it has none. */
    private static Instant at(DynamodbEvent.DynamodbStreamRecord record) {
        var at = record.getDynamodb().getNewImage() == null ? null : record.getDynamodb().getNewImage().get("at");
        try {
            return Instant.ofEpochMilli(Long.parseLong(at.getN()));
        } catch (RuntimeException noTime) {
            var created = record.getDynamodb().getApproximateCreationDateTime();
            return created == null ? Instant.EPOCH : created.toInstant();
        }
    }

    /** Where the entries of {@code day} of a batch, from stream position {@code sequence} on, are kept. */
    static String key(String day, String sequence) {
        return "audit/" + day + "/" + sequence + ".jsonl";
    }
}
