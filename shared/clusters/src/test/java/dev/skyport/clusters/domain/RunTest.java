package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunTest {

    @Test
    void run_ids_are_version_7_uuids_that_sort_in_the_order_they_were_made_even_within_a_millisecond() {
        Instant now = Instant.parse("2026-11-23T10:00:00.123Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ids.add(Run.timeOrderedId(i < 2500 ? now : now.plusMillis(1)));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        UUID first = UUID.fromString(ids.getFirst());
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(Run.timeOrderedId(now.minusSeconds(60))).as("never before an id already made")
                .isGreaterThan(ids.getLast());
    }
}
