package dev.skyport.notifications.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.NotificationInbox;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.notifications.application.Notifications;
import dev.skyport.notifications.domain.Notification;
import dev.skyport.testing.DynamoDbLocalFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Notifications on DynamoDB Local: once per event, newest first, owner-scoped, and an unread count that stays right. */
class DynamoDbNotificationsIT {

    private final DynamoDbNotifications notifications = new DynamoDbNotifications(DynamoDbLocalFixture.client(),
            DynamoDbLocalFixture.freshTables());
    private final NotificationRequests requests = new NotificationRequests(notifications);
    private final NotificationInbox inbox = new NotificationInbox(notifications);
    private final UserId owner = UserId.generate();
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    private DomainEvent statusChanged(String status, String reason) {
        now = now.plusSeconds(1);
        return DomainEvent.of(new PlatformEvent.ClusterStatusChanged(owner, "c0ffee00-0000-4000-8000-000000000001",
                "demo", status, Optional.of("PROVISIONING"), Optional.of(reason), Optional.empty(), 3), now);
    }

    @Test
    void an_event_makes_its_notification_once_and_only_the_steps_a_person_cares_about_make_one() {
        DomainEvent running = statusChanged("RUNNING", "");
        Optional<Notification> first = inbox.deliver(running);
        assertThat(first).hasValueSatisfying(notification -> {
            assertThat(notification.title()).isEqualTo("Cluster demo is running");
            assertThat(notification.resource()).isEqualTo("/clusters/c0ffee00-0000-4000-8000-000000000001");
        });
        assertThat(inbox.deliver(running)).as("a redelivered event").isEmpty();
        assertThat(inbox.deliver(statusChanged("PROVISIONING", ""))).as("a step in between").isEmpty();
        assertThat(inbox.deliver(statusChanged("FAILED", "TerraformApplyFailed"))).hasValueSatisfying(n ->
                assertThat(n.body()).contains("TerraformApplyFailed"));

        assertThat(requests.unreadCount(owner)).isEqualTo(2);
        assertThat(requests.list(owner, false, Optional.empty(), 10).notifications())
                .extracting(Notification::kind).containsExactly("cluster.failed", "cluster.running");
        assertThat(requests.list(UserId.generate(), false, Optional.empty(), 10).notifications()).isEmpty();
    }

    @Test
    void reading_deleting_and_paging_keep_the_unread_count_right_and_another_persons_ids_are_not_found() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(inbox.deliver(statusChanged("RUNNING", "")).orElseThrow().id());
        }
        requests.markRead(owner, ids.get(0));
        requests.markRead(owner, ids.get(0));
        assertThat(requests.unreadCount(owner)).isEqualTo(4);
        requests.delete(owner, ids.get(0));
        requests.delete(owner, ids.get(1));
        assertThat(requests.unreadCount(owner)).isEqualTo(3);

        Notifications.Page page = requests.list(owner, true, Optional.empty(), 2);
        assertThat(page.notifications()).extracting(Notification::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(requests.list(owner, true, page.nextCursor(), 2).notifications()).extracting(Notification::id)
                .containsExactly(ids.get(2));

        UserId intruder = UserId.generate();
        for (Runnable attempt : List.<Runnable>of(() -> requests.markRead(intruder, ids.get(2)),
                () -> requests.delete(intruder, ids.get(2)), () -> requests.markRead(owner, "not-an-id"))) {
            assertThatThrownBy(attempt::run).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.slug()).isEqualTo("notification-not-found"));
        }
        assertThatThrownBy(() -> requests.list(owner, false, Optional.of("Zm9v"), 10))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.slug()).isEqualTo("invalid-cursor"));
        assertThat(requests.markAllRead(owner)).isEqualTo(3);
        assertThat(requests.unreadCount(owner)).isZero();
        assertThat(requests.list(owner, false, Optional.empty(), 10).notifications()).hasSize(3)
                .allSatisfy(n -> assertThat(n.read()).isTrue());
    }

    @Test
    void concurrent_new_notifications_reads_and_deletes_leave_the_count_equal_to_the_unread_ones() throws Exception {
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            existing.add(inbox.deliver(statusChanged("DELETED", "")).orElseThrow().id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = existing.get(i);
            DomainEvent event = statusChanged("RUNNING", "");
            work.add(pool.submit(() -> inbox.deliver(event)));
            work.add(pool.submit(() -> inbox.deliver(event)));
            work.add(pool.submit(() -> requests.markRead(owner, id)));
            if (i % 2 == 0) {
                work.add(pool.submit(() -> requests.delete(owner, id)));
            }
        }
        for (Future<?> done : work) {
            try {
                done.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // a delete may remove a notification before its read: that read is a 404, which is right
                assertThat(e.getCause()).isInstanceOf(DomainException.class);
            }
        }
        pool.shutdown();
        long unread = 0;
        Optional<String> cursor = Optional.empty();
        do {
            Notifications.Page page = requests.list(owner, true, cursor, 100);
            unread += page.notifications().size();
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertThat(unread).as("each event once, every read one counted off").isEqualTo(10);
        assertThat(requests.unreadCount(owner)).isEqualTo(unread);
    }

    /**
     * Issue 27.6: ten racing "read all" calls over five unread notifications reported 37 marked. Each call answers
     * only what it changed itself, so the answers add up to the five, whoever marked which.
     */
    @Test
    void racing_read_all_calls_report_together_exactly_the_notifications_that_were_unread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (int trial = 0; trial < 10; trial++) {
                UserId reader = UserId.generate();
                for (int i = 0; i < 5; i++) {
                    now = now.plusSeconds(1);
                    notifications.add(new Notification(UUID.randomUUID().toString(), reader,
                            "cluster.running", "Cluster demo is running", "", "/clusters/x", now, false));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return requests.markAllRead(reader);
                    }));
                }
                start.countDown();
                int reported = 0;
                for (Future<Integer> call : calls) {
                    reported += call.get();
                }
                assertThat(reported).as("trial %d: marked, as the ten calls reported it", trial).isEqualTo(5);
                assertThat(requests.unreadCount(reader)).isZero();
                assertThat(requests.list(reader, true, Optional.empty(), 10).notifications()).isEmpty();
            }
        } finally {
            pool.shutdown();
        }
    }
}
