package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a cluster's expiry next needs Skyport, by the sweep's rules. */
class ExpiryTimetableTest {

    private static final Instant EXPIRES = Instant.parse("2027-01-31T18:00:00Z");
    private static final Instant DAY_BEFORE = EXPIRES.minus(Duration.ofDays(1));
    private static final Instant HOUR_BEFORE = EXPIRES.minus(Duration.ofHours(1));

    private static Cluster cluster(ClusterStatus status, boolean protectedFromDeletion) {
        return with(status, new Safeguards(protectedFromDeletion, Optional.of(EXPIRES)));
    }

    /** A cluster in that status with those safeguards (the lifecycle's rules are not what this tests). */
    private static Cluster with(ClusterStatus status, Safeguards safeguards) {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request("demo", "eu-west-1", null, Optional.empty(),
                Optional.empty(), "acmestate", null, Optional.empty(), Optional.empty()), "aws",
                Catalogue.defaults());
        Cluster requested = Cluster.requested(dev.skyport.kernel.UserId.generate(),
                "b5bd7f3c-6a54-4bb2-8f0e-2ad4a9d6f3a1", "ref", spec, Instant.parse("2027-01-01T10:00:00Z"));
        return new Cluster(requested.id(), requested.owner(), requested.cloudAccountId(), requested.secretRef(),
                spec, status, Optional.empty(), 3, requested.createdAt(), requested.updatedAt(), Optional.empty(),
                Optional.empty(), Optional.empty(), safeguards);
    }

    private static Optional<Instant> next(Cluster cluster, Set<ExpiryNotice> told, Instant now) {
        return ExpiryTimetable.next(cluster, told, now);
    }

    @Test
    void a_cluster_days_from_its_expiry_is_woken_a_day_before_it() {
        assertThat(next(cluster(ClusterStatus.RUNNING, false), Set.of(), EXPIRES.minus(Duration.ofDays(9))))
                .contains(DAY_BEFORE);
    }

    @Test
    void once_the_days_warning_was_told_the_hours_is_next_then_the_expiry() {
        Cluster cluster = cluster(ClusterStatus.RUNNING, false);
        assertThat(next(cluster, Set.of(ExpiryNotice.WITHIN_A_DAY), DAY_BEFORE.plusSeconds(30)))
                .contains(HOUR_BEFORE);
        assertThat(next(cluster, Set.of(ExpiryNotice.WITHIN_A_DAY, ExpiryNotice.WITHIN_AN_HOUR),
                HOUR_BEFORE.plusSeconds(30))).contains(EXPIRES);
    }

    @Test
    void a_warning_not_told_while_its_time_lasts_is_due_at_once_and_one_whose_time_passed_is_skipped() {
        Cluster cluster = cluster(ClusterStatus.RUNNING, false);
        assertThat(next(cluster, Set.of(), EXPIRES.minus(Duration.ofHours(5)))).contains(DAY_BEFORE);
        assertThat(next(cluster, Set.of(), EXPIRES.minus(Duration.ofMinutes(30)))).contains(HOUR_BEFORE);
        assertThat(next(cluster, Set.of(), EXPIRES.plusSeconds(5))).contains(EXPIRES);
    }

    @Test
    void nothing_is_next_once_the_destroy_started_or_protection_kept_it_or_it_has_no_expiry() {
        assertThat(next(cluster(ClusterStatus.DELETING, false), Set.of(), EXPIRES.plusSeconds(5))).isEmpty();
        assertThat(next(cluster(ClusterStatus.DELETED, false), Set.of(), DAY_BEFORE)).isEmpty();
        assertThat(next(cluster(ClusterStatus.DELETE_FAILED, false), Set.of(), DAY_BEFORE)).isEmpty();
        assertThat(next(cluster(ClusterStatus.RUNNING, true), Set.of(ExpiryNotice.PROTECTED), EXPIRES.plusSeconds(5)))
                .isEmpty();
        Cluster never = with(ClusterStatus.RUNNING, Safeguards.none());
        assertThat(next(never, Set.of(), DAY_BEFORE)).isEmpty();
    }

    @Test
    void protection_turned_off_after_it_kept_the_cluster_makes_the_expiry_due_again() {
        assertThat(next(cluster(ClusterStatus.RUNNING, false), Set.of(ExpiryNotice.PROTECTED),
                EXPIRES.plusSeconds(60))).contains(EXPIRES);
    }

    @Test
    void a_run_under_way_when_the_expiry_came_is_waited_for_without_a_wake_up() {
        assertThat(next(cluster(ClusterStatus.UPDATING, false), Set.of(), EXPIRES.plusSeconds(5))).isEmpty();
        assertThat(next(cluster(ClusterStatus.UPDATING, false), Set.of(), DAY_BEFORE.minusSeconds(5)))
                .as("the warnings do not wait").contains(DAY_BEFORE);
    }
}
