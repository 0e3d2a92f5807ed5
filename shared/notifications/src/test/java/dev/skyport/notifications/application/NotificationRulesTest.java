package dev.skyport.notifications.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.notifications.domain.Notification;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each event tells a person, in words, with a link; and which events tell nothing. */
class NotificationRulesTest {

    private static final String OWNER = UUID.randomUUID().toString();

    private static Optional<Notification> of(String type, Map<String, String> data) {
        return NotificationRules.of(new DomainEvent(UUID.randomUUID().toString(), type, OWNER,
                Instant.parse("2026-11-23T10:00:00Z"), data));
    }

    @Test
    void a_cluster_tells_its_owner_when_it_is_running_failed_deleted_or_not_deleted_and_nothing_in_between() {
        Map<String, String> cluster = Map.of("clusterId", "c-1", "name", "demo", "reason", "TerraformApplyFailed",
                "version", "2");
        for (String status : new String[] {"REQUESTED", "PROVISIONING", "UPDATING", "DELETING"}) {
            Map<String, String> data = new HashMap<>(cluster);
            data.put("status", status);
            assertThat(of(EventTypes.CLUSTER_STATUS_CHANGED, data)).as(status).isEmpty();
        }
        Map<String, String> failed = new HashMap<>(cluster);
        failed.put("status", "FAILED");
        Notification notification = of(EventTypes.CLUSTER_STATUS_CHANGED, failed).orElseThrow();
        assertThat(notification.kind()).isEqualTo("cluster.failed");
        assertThat(notification.title()).isEqualTo("Cluster demo failed");
        assertThat(notification.body()).contains("TerraformApplyFailed").contains("Retry it");
        assertThat(notification.resource()).isEqualTo("/clusters/c-1");
        assertThat(notification.owner().value()).isEqualTo(OWNER);
    }

    @Test
    void a_change_tells_when_it_is_applied_or_failed_and_a_forced_removal_warns_of_what_may_remain() {
        Map<String, String> updated = Map.of("clusterId", "c-1", "name", "demo", "status", "RUNNING",
                "previous", "UPDATING", "version", "7");
        assertThat(of(EventTypes.CLUSTER_STATUS_CHANGED, updated).orElseThrow().title())
                .isEqualTo("Cluster demo is updated");
        Notification failed = of(EventTypes.CLUSTER_STATUS_CHANGED, Map.of("clusterId", "c-1", "name", "demo",
                "status", "UPDATE_FAILED", "reason", "TerraformApplyFailed", "version", "8")).orElseThrow();
        assertThat(failed.kind()).isEqualTo("cluster.update-failed");
        assertThat(failed.body()).contains("TerraformApplyFailed").contains("retry it");
        Notification forced = of(EventTypes.CLUSTER_STATUS_CHANGED, Map.of("clusterId", "c-1", "name", "demo",
                "status", "DELETED", "reason", "deleted-by-force", "version", "9")).orElseThrow();
        assertThat(forced.kind()).isEqualTo("cluster.removed");
        assertThat(forced.body()).contains("resources may remain");
    }

    @Test
    void an_expiry_is_told_a_day_and_an_hour_before_and_when_it_came_or_protection_kept_the_cluster() {
        Map<String, String> expiring = new HashMap<>(Map.of("clusterId", "c-1", "name", "demo",
                "expiresAt", "2026-12-08T10:00:00Z"));
        expiring.put("notice", "within-a-day");
        Notification day = of(EventTypes.CLUSTER_EXPIRING, expiring).orElseThrow();
        assertThat(day.title()).isEqualTo("Cluster demo expires within a day");
        assertThat(day.body()).contains("2026-12-08T10:00:00Z").contains("later expires_at");
        assertThat(day.resource()).isEqualTo("/clusters/c-1");
        expiring.put("notice", "within-an-hour");
        assertThat(of(EventTypes.CLUSTER_EXPIRING, expiring).orElseThrow().title()).endsWith("within an hour");
        expiring.put("notice", "due");
        assertThat(of(EventTypes.CLUSTER_EXPIRING, expiring).orElseThrow().kind()).isEqualTo("cluster.expired");
        expiring.put("notice", "protected");
        assertThat(of(EventTypes.CLUSTER_EXPIRING, expiring).orElseThrow().body()).contains("nothing was deleted");
        expiring.put("notice", "someday");
        assertThat(of(EventTypes.CLUSTER_EXPIRING, expiring)).as("a notice this build does not know").isEmpty();
        assertThat(NotificationRules.EVENT_TYPES).contains(EventTypes.CLUSTER_EXPIRING);
    }

    @Test
    void password_changes_google_links_and_failed_reverifications_are_told_with_a_link() {
        assertThat(of(EventTypes.PASSWORD_CHANGED, Map.of("how", "changed")).orElseThrow().title())
                .isEqualTo("Your password was changed");
        assertThat(of(EventTypes.PASSWORD_CHANGED, Map.of("how", "reset")).orElseThrow().kind())
                .isEqualTo("account.password-reset");
        assertThat(of(EventTypes.PASSWORD_CHANGED, Map.of("how", "first")).orElseThrow().kind())
                .isEqualTo("account.password-set");
        Notification linked = of(EventTypes.GOOGLE_LINKED, Map.of("email", "ada@example.com")).orElseThrow();
        assertThat(linked.body()).contains("ada@example.com");
        assertThat(linked.resource()).isEqualTo("/me");
        Notification failed = of(EventTypes.CLOUD_ACCOUNT_VERIFICATION_FAILED, Map.of("cloudAccountId", "a-1",
                "name", "Prod", "provider", "aws", "reason", "credentials-rejected")).orElseThrow();
        assertThat(failed.title()).isEqualTo("Cloud account Prod failed its check");
        assertThat(failed.body()).contains("credentials-rejected");
        assertThat(failed.resource()).isEqualTo("/cloud-accounts/a-1");
    }

    @Test
    void every_change_of_the_second_factor_is_told() {
        for (String change : java.util.List.of("enabled", "disabled", "recovery-codes-regenerated",
                "recovery-code-used", "reset-by-admin")) {
            Notification told = of(EventTypes.SECOND_FACTOR_CHANGED, Map.of("change", change)).orElseThrow();
            assertThat(told.kind()).startsWith("account.mfa");
            assertThat(told.resource()).isEqualTo("/me");
        }
        assertThat(of(EventTypes.SECOND_FACTOR_CHANGED, Map.of("change", "enabled")).orElseThrow().title())
                .isEqualTo("Two-factor sign-in is on");
        assertThat(NotificationRules.EVENT_TYPES).contains(EventTypes.SECOND_FACTOR_CHANGED);
    }

    @Test
    void other_events_and_events_not_about_a_person_tell_nothing() {
        assertThat(of(EventTypes.USER_DELETED, Map.of())).isEmpty();
        assertThat(NotificationRules.of(new DomainEvent("e", EventTypes.PASSWORD_CHANGED, "not-a-user-id",
                Instant.now(), Map.of()))).isEmpty();
        assertThat(NotificationRules.EVENT_TYPES).contains(EventTypes.USER_DELETED);
    }
}
