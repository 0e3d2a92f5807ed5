package dev.skyport.clusters.domain;

import static dev.skyport.clusters.domain.ClusterStatus.DELETED;
import static dev.skyport.clusters.domain.ClusterStatus.DELETE_FAILED;
import static dev.skyport.clusters.domain.ClusterStatus.DELETING;
import static dev.skyport.clusters.domain.ClusterStatus.FAILED;
import static dev.skyport.clusters.domain.ClusterStatus.PROVISIONING;
import static dev.skyport.clusters.domain.ClusterStatus.REQUESTED;
import static dev.skyport.clusters.domain.ClusterStatus.RUNNING;
import static dev.skyport.clusters.domain.ClusterStatus.UPDATE_FAILED;
import static dev.skyport.clusters.domain.ClusterStatus.UPDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lifecycle of ARCHITECTURE.md, arrow by arrow: every pair of statuses is either an arrow or refused. */
class ClusterStatusTest {

    private static final Map<ClusterStatus, Set<ClusterStatus>> ARROWS = Map.of(
            REQUESTED, EnumSet.of(PROVISIONING, FAILED),
            PROVISIONING, EnumSet.of(RUNNING, FAILED),
            RUNNING, EnumSet.of(UPDATING, DELETING),
            UPDATING, EnumSet.of(RUNNING, UPDATE_FAILED),
            UPDATE_FAILED, EnumSet.of(UPDATING, DELETING),
            FAILED, EnumSet.of(PROVISIONING, DELETING),
            DELETING, EnumSet.of(DELETED, DELETE_FAILED),
            DELETE_FAILED, EnumSet.of(DELETING, DELETED),
            DELETED, EnumSet.noneOf(ClusterStatus.class));

    @Test
    void every_pair_of_statuses_is_an_arrow_of_the_lifecycle_or_refused_as_a_conflict() {
        for (ClusterStatus from : ClusterStatus.values()) {
            for (ClusterStatus to : ClusterStatus.values()) {
                boolean arrow = ARROWS.get(from).contains(to);
                assertThat(from.canBecome(to)).as(from + " -> " + to).isEqualTo(arrow);
                if (!arrow) {
                    assertThatThrownBy(() -> from.requireCanBecome(to)).as(from + " -> " + to)
                            .isInstanceOfSatisfying(DomainException.class, e -> {
                                assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                                assertThat(e.slug()).isEqualTo("illegal-transition");
                            });
                }
            }
        }
    }

    @Test
    void deleting_a_cluster_whose_run_is_under_way_says_to_cancel_first() {
        for (ClusterStatus busy : EnumSet.of(REQUESTED, PROVISIONING, UPDATING)) {
            assertThatThrownBy(() -> busy.requireCanBecome(DELETING)).hasMessageEndingWith("cancel first");
        }
        assertThat(RUNNING.isBusy()).isFalse();
        assertThat(UPDATE_FAILED.isBusy()).isFalse();
        assertThat(DELETING.isBusy()).isTrue();
    }

    @Test
    void only_a_deleted_cluster_stops_counting() {
        assertThat(EnumSet.allOf(ClusterStatus.class).stream().filter(ClusterStatus::isActive))
                .doesNotContain(DELETED).hasSize(8);
    }
}
