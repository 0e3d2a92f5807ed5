package dev.skyport.accounts;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbRecordTransformer;
import dev.skyport.accounts.archive.S3AuditArchive;
import dev.skyport.accounts.web.AuditEntryView;
import dev.skyport.audit.adapter.dynamodb.DynamoDbAuditTrail;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit archive: reads the audit table's stream (inserts only; entries are never changed, and their removal by
 * TTL after a year is not news) and copies each batch of new entries into the archive bucket as one object of JSON
 * lines, the audit export's format, so the log outlives the table's year under Object Lock.
 * <p>
 * An object's key is {@code audit/<yyyy>/<MM>/<dd>/<sequence number of the batch's first record>.jsonl}, the day
 * being the first entry's (UTC). The batch is written whole or not at all: when S3 refuses it, the whole batch is
 * reported failed (partial batch response at its first record) and Lambda hands it again; a batch handled twice
 * writes the same key again, which Object Lock keeps as a second version of the same lines. If Lambda splits a failing
 * batch (bisect on error), two objects can hold the same entry: each line has the entry's {@code id}, and readers of
 * the archive keep one line per id ({@code docs/operations.md}, "The audit archive").
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
        String first = records.getFirst().getDynamodb().getSequenceNumber();
        try {
            List<AuditEntryView> entries = new ArrayList<>();
            for (DynamodbEvent.DynamodbStreamRecord record : records) {
                Map<String, AttributeValue> item = DynamodbRecordTransformer.toRecordV2(record).dynamodb().newImage();
                entries.add(AuditEntryView.of(DynamoDbAuditTrail.entry(item)));
            }
            String key = key(entries.getFirst(), first);
            archive.keep(key, AuditEntryView.jsonLines(json, entries));
            LOG.info("archived {} audit entries as {}", entries.size(), key);
            return new StreamsEventResponse(List.of());
        } catch (RuntimeException e) {
            LOG.warn("audit batch from sequence {} ({} entries) not archived: {}; the batch is handed again", first,
                    records.size(), e.getClass().getSimpleName());
            return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(first)));
        }
    }

    /** Where a batch beginning with {@code entry}, at stream position {@code sequence}, is kept. */
    static String key(AuditEntryView entry, String sequence) {
        return "audit/" + DAY.format(entry.at()) + "/" + sequence + ".jsonl";
    }
}
