package dev.skyport.audit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.audit.domain.Actor;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.audit.domain.Outcome;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    /** A trail that fails every write, and records what it was asked to read. */
    private static final class BrokenTrail implements AuditTrail {
        @Override
        public void append(AuditEntry entry) {
            throw new IllegalStateException("table unavailable");
        }

        @Override
        public Page owned(UserId owner, AuditQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page everyone(AuditQuery query) {
            throw new UnsupportedOperationException();
        }
    }

    private final AuditLog log = new AuditLog(new BrokenTrail(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static AuditLog.Filters filters(String from, String to, String action, String resource, Integer limit) {
        return new AuditLog.Filters(from, to, action, resource, null, limit);
    }

    private static String refusal(AuditLog.Filters filters) {
        try {
            new AuditLog(new BrokenTrail(), Clock.fixed(NOW, ZoneOffset.UTC)).query(filters, 100, 20);
        } catch (DomainException e) {
            return e.slug() + ": " + e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void a_write_that_fails_does_not_reach_the_caller() {
        AuditEntry entry = new AuditEntry("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", NOW, Optional.empty(),
                new Actor.Anonymous(Optional.of("ada")), "login", "/auth/login",
                Outcome.ofStatus(401, Optional.of("https://skyport.dev/problems/invalid-credentials")),
                Optional.empty(), Optional.of("203.0.113.10"), Optional.of("curl/8.5.0"), Optional.of("req-1"));
        assertThat(log.record(entry)).isFalse();
    }

    @Test
    void a_person_sees_that_an_admin_acted_on_them_but_not_the_admins_address_or_browser() {
        UserId admin = UserId.generate();
        UserId person = UserId.generate();
        AuditEntry entry = new AuditEntry("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", NOW, Optional.of(person),
                new Actor.AdminOnPerson(admin, person), "changeRoles", "/admin/users/" + person.value() + "/roles",
                Outcome.ofStatus(200, Optional.empty()), Optional.empty(), Optional.of("198.51.100.7"),
                Optional.of("Firefox/140"), Optional.of("req-2"));
        AuditLog reading = new AuditLog(new AuditTrail() {
            @Override
            public void append(AuditEntry appended) {
            }

            @Override
            public Page owned(UserId owner, AuditQuery query) {
                return new Page(java.util.List.of(entry), Optional.empty());
            }

            @Override
            public Page everyone(AuditQuery query) {
                return new Page(java.util.List.of(entry), Optional.empty());
            }
        }, Clock.fixed(NOW, ZoneOffset.UTC));

        for (AuditTrail.Page page : java.util.List.of(reading.mine(person, filters(null, null, null, null, null)),
                reading.exportMine(person, filters(null, null, null, null, null)))) {
            AuditEntry seen = page.entries().getFirst();
            assertThat(seen.actor()).isEqualTo(new Actor.AdminOnPerson(admin, person));
            assertThat(seen.clientAddress()).isEmpty();
            assertThat(seen.userAgent()).isEmpty();
        }
        assertThat(reading.everyone(Optional.empty(), filters(null, null, null, null, null)).entries().getFirst()
                .clientAddress()).as("administrators see it").contains("198.51.100.7");
    }

    @Test
    void a_login_name_typed_by_anyone_is_bounded_like_every_free_text() {
        Actor typed = new Actor.Anonymous(Optional.of("x".repeat(70_000) + "\r\nforged"));
        assertThat(typed.id()).get().asString().hasSize(AuditEntry.MAX_TEXT).doesNotContain("\n");
    }

    @Test
    void by_default_the_range_is_the_year_kept_up_to_now_twenty_entries() {
        AuditQuery query = log.query(filters(null, null, null, null, null), 100, 20);
        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minus(AuditEntry.KEPT));
        assertThat(query.limit()).isEqualTo(20);
        assertThat(query.action()).isEmpty();
    }

    @Test
    void a_range_reaching_past_what_is_kept_reads_no_further_than_the_year() {
        AuditQuery query = log.query(filters("2000-01-01T00:00:00Z", null, null, null, null), 100, 20);
        assertThat(query.from()).isEqualTo(NOW.minus(AuditEntry.KEPT));
    }

    @Test
    void each_bad_filter_is_refused_naming_it() {
        assertThat(refusal(filters("yesterday", null, null, null, null))).startsWith("invalid-time-range: from ");
        assertThat(refusal(filters(null, "2026-02-30T00:00:00Z", null, null, null))).startsWith(
                "invalid-time-range: to ");
        assertThat(refusal(filters("2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", null, null, null)))
                .startsWith("invalid-time-range: from must not be after to");
        assertThat(refusal(filters(null, null, "create cluster", null, null))).startsWith("invalid-filter: action ");
        assertThat(refusal(filters(null, null, "x".repeat(65), null, null))).startsWith("invalid-filter: action ");
        assertThat(refusal(filters(null, null, null, "clusters/1", null))).startsWith("invalid-filter: resource ");
        assertThat(refusal(filters(null, null, null, "/clusters?id=1", null))).startsWith(
                "invalid-filter: resource ");
        assertThat(refusal(filters(null, null, null, null, 0))).startsWith("invalid-limit: limit ");
        assertThat(refusal(filters(null, null, null, null, 101))).startsWith("invalid-limit: limit ");
    }

    @Test
    void a_resource_filter_matches_the_path_and_what_is_under_it_only() {
        AuditQuery query = log.query(filters(null, null, null, "/clusters/abc", null), 100, 20);
        assertThat(query.matches("deleteCluster", "/clusters/abc")).isTrue();
        assertThat(query.matches("cancelRun", "/clusters/abc/cancel")).isTrue();
        assertThat(query.matches("deleteCluster", "/clusters/abcdef")).isFalse();
        assertThat(query.matches("createCluster", "/clusters")).isFalse();
    }

    @Test
    void free_text_is_bounded_and_stripped_of_control_characters() {
        AuditEntry entry = new AuditEntry("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", NOW, Optional.empty(),
                new Actor.Workflow(), "clusterTransition", "/clusters/x", new Outcome.Done(0), Optional.empty(),
                Optional.empty(), Optional.of("agent\r\nforged: line" + "x".repeat(500)), Optional.empty());
        assertThat(entry.userAgent().orElseThrow()).hasSize(AuditEntry.MAX_TEXT).startsWith("agent??forged: line");
    }

    @Test
    void an_id_that_is_not_a_person_s_is_refused_for_the_admin_s_user_filter() {
        assertThatThrownBy(() -> log.everyone(Optional.of("ada"), filters(null, null, null, null, null)))
                .isInstanceOf(DomainException.class).hasMessageStartingWith("user ");
    }
}
