package dev.skyport.infra.realtime;

import dev.skyport.clusters.adapter.dynamodb.ClusterKeys;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.infra.data.TableStreams;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.events.EventSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The stream publisher: reads the clusters table's stream and publishes each status change on the platform-events
 * topic. Only inserts and changes of cluster items ({@code sk} beginning with {@code ClusterKeys.CLUSTER_PREFIX}) and
 * the inserts of expiry notices ({@code EXPIRY#}, published as {@code cluster.expiring}) invoke it; the other items
 * of the table (guards, counts, history, runs) never do. Its role may publish to the topic and read
 * the stream (what the event source mapping needs), and read no table. Records are taken in order; a failed record
 * is reported (partial batch response), the batch is split to isolate it, retried a bounded number of times for at
 * most an hour, and then described in a dead-letter queue with an alarm on it.
 */
public class StreamPublisherFunction extends Construct {

    private static final String JAR = "stream-publisher";
    /** The sort keys of cluster items, the only ones whose changes are status changes. */
    private static final String CLUSTER_ITEMS = ClusterKeys.CLUSTER_PREFIX;

    private final SkyportFunction function;
    private final WatchedDeadLetters deadLetters;

    public StreamPublisherFunction(Construct scope, String id, SkyportSettings settings, ITable clusters,
                                   ITopic platformEvents) {
        super(scope, id);
        function = new SkyportFunction(this, "Function", settings.functionJar(JAR),
                "dev.skyport.clusters.StreamPublisherHandler", Map.of(
                        EnvironmentNames.of(EventSettings.TOPIC_ARN), platformEvents.getTopicArn(),
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName()));
        platformEvents.grantPublish(function.role());

        deadLetters = new WatchedDeadLetters(this, "DeadLetters",
                "the clusters table stream's event source mapping",
                "Status changes of clusters could not be published (after the retries, or an hour): they reached no"
                        + " one live and made no notification; the clusters themselves are right. The message names"
                        + " the shard and the sequence numbers, whose records stay in the stream for 24 hours. Fix"
                        + " the cause; each cluster's next change is published as usual.");
        function.live().addEventSource(TableStreams.readingInOrder(clusters, deadLetters)
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.or("INSERT", "MODIFY"),
                        "dynamodb", Map.of("Keys", Map.of(SkyportTables.CLUSTERS.sortKey(),
                                Map.of("S", FilterRule.beginsWith(CLUSTER_ITEMS)))))),
                        // An expiry's notice is written once, when it is told: cluster.expiring.
                        FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.or("INSERT"),
                        "dynamodb", Map.of("Keys", Map.of(SkyportTables.CLUSTERS.sortKey(),
                                Map.of("S", FilterRule.beginsWith(ClusterKeys.EXPIRY_PREFIX))))))))
                .build());
    }

    public SkyportFunction function() {
        return function;
    }

    /** Where the batches end that could not be published. */
    public WatchedDeadLetters deadLetters() {
        return deadLetters;
    }
}
