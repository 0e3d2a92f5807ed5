package dev.skyport.infra.data;

import dev.skyport.infra.api.WatchedDeadLetters;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;

/**
 * A table's stream as every function that reads one reads it: the clusters table's (the stream publisher, the expiry
 * keeper) and the audit table's (the audit archive).
 */
public final class TableStreams {

    private TableStreams() {
    }

    /**
     * How a function reads {@code table}'s stream: from the oldest record kept, in order, a failed record
     * reported (partial batch response) and its batch split to isolate it, retried a bounded number of times for at
     * most an hour, then described in {@code deadLetters}. The caller adds its filters.
     */
    public static DynamoEventSource.Builder readingInOrder(ITable table, WatchedDeadLetters deadLetters) {
        return DynamoEventSource.Builder.create(table)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(5)
                .maxRecordAge(Duration.hours(1))
                .onFailure(new SqsDlq(deadLetters.queue()));
    }
}
