package dev.skyport.notifications.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.ChannelEndpoint;
import dev.skyport.notifications.domain.ChannelType;
import dev.skyport.testing.DynamoDbLocalFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The limit of channels per person on DynamoDB Local, under concurrency: the count beside a person's channels moves
 * in the transaction of each create and delete, so of creates racing for the last place exactly one gets it; an
 * owner whose channels predate the count gets it from their channels first.
 */
class DynamoDbChannelCountIT {

    private static final int LIMIT = 20;

    private final DynamoDbChannels channels = new DynamoDbChannels(DynamoDbLocalFixture.client(),
            DynamoDbLocalFixture.freshTables());

    private static ChannelEndpoint endpoint(UserId owner) {
        String id = "ep_" + UUID.randomUUID().toString().replace("-", "");
        return new ChannelEndpoint(id, owner, ChannelType.WEBHOOK, "https://hooks.example.com/" + id,
                "skyport/channels/" + id, Set.of("cluster.run-failed"), Optional.empty(), true,
                Instant.parse("2026-12-07T02:00:00Z"), Optional.empty(), Optional.empty());
    }

    private int race(UserId owner, int racers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return channels.create(endpoint(owner), LIMIT);
            }));
        }
        go.countDown();
        int kept = 0;
        for (Future<Boolean> result : results) {
            kept += result.get() ? 1 : 0;
        }
        pool.shutdown();
        return kept;
    }

    @Test
    void of_eight_creates_racing_at_nineteen_exactly_one_is_kept_and_a_delete_frees_one_place() throws Exception {
        UserId owner = UserId.generate();
        for (int i = 0; i < LIMIT - 1; i++) {
            assertThat(channels.create(endpoint(owner), LIMIT)).isTrue();
        }

        assertThat(race(owner, 8)).isEqualTo(1);
        assertThat(channels.list(owner)).hasSize(LIMIT);

        assertThat(channels.delete(owner, channels.list(owner).getFirst().id())).isTrue();
        assertThat(race(owner, 4)).isEqualTo(1);
        assertThat(channels.list(owner)).hasSize(LIMIT);
        assertThat(channels.delete(owner, "ep_nothere")).isFalse();
    }

    @Test
    void channels_made_before_the_count_was_kept_count_too() throws Exception {
        UserId owner = UserId.generate();
        for (int i = 0; i < LIMIT - 2; i++) {
            assertThat(channels.create(endpoint(owner), LIMIT)).isTrue();
        }
        channels.discardCount(owner); // as an owner whose channels predate the count

        assertThat(race(owner, 6)).as("two places left").isEqualTo(2);
        assertThat(channels.list(owner)).hasSize(LIMIT);
        assertThat(channels.create(endpoint(owner), LIMIT)).isFalse();
    }

    @Test
    void a_delete_without_a_count_still_deletes() {
        UserId owner = UserId.generate();
        ChannelEndpoint kept = endpoint(owner);
        assertThat(channels.create(kept, LIMIT)).isTrue();
        channels.discardCount(owner);

        assertThat(channels.delete(owner, kept.id())).isTrue();
        assertThat(channels.list(owner)).isEmpty();
    }
}
