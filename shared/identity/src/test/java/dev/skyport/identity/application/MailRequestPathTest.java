package dev.skyport.identity.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.UserId;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an anonymous mail request does before it answers (issue 27.10): the same work for an address with an account as
 * for one without, and the mail work only enqueued. Timing is measured in the bench ({@code MailTimingBench}); here
 * the work itself is counted, which a test can assert on.
 */
class MailRequestPathTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final IdentityRules RULES = new IdentityRules(URI.create("http://localhost:8080"), Set.of(),
            Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofDays(30), 5,
            Duration.ofMinutes(15), Duration.ofSeconds(60));

    private final List<MailRequest> queued = new ArrayList<>();
    private final MailQueue queue = queued::add;
    private final List<String> userCalls = new ArrayList<>();

    @Test
    void forgot_password_looks_nothing_up_and_enqueues_one_request_whatever_the_address() {
        PasswordReset reset = new PasswordReset(users(Optional.empty()), null, null, null, null, queue,
                email -> { throw new AssertionError("no mail on the request path"); }, null, CLOCK);

        reset.requestReset(new EmailAddress("someone@example.com"));

        assertThat(userCalls).isEmpty();
        assertThat(queued).singleElement().isInstanceOfSatisfying(MailRequest.ResetLinkAsked.class,
                asked -> assertThat(asked.email()).isEqualTo(new EmailAddress("someone@example.com")));
    }

    @Test
    void resend_looks_nothing_up_and_enqueues_one_request_whatever_the_address() {
        EmailVerification verification = new EmailVerification(users(Optional.empty()), null, queue, RULES, CLOCK);

        verification.resend(new EmailAddress("someone@example.com"));

        assertThat(userCalls).isEmpty();
        assertThat(queued).singleElement().isInstanceOf(MailRequest.VerificationLinkAsked.class);
    }

    @Test
    void signup_hashes_the_password_and_enqueues_one_request_for_a_new_address() {
        CountingHasher hasher = new CountingHasher();
        new SignUp(users(Optional.empty()), hasher, queue, RULES, CLOCK).signUp(new EmailAddress("new@example.com"),
                new Username("newcomer"), PlainPassword.chosen("correct horse battery"));

        assertThat(hasher.hashes.get()).isEqualTo(1);
        assertThat(queued).singleElement().isInstanceOf(MailRequest.FirstVerificationLink.class);
        assertThat(userCalls).containsExactly("findByEmail", "create");
    }

    @Test
    void signup_with_a_taken_address_hashes_the_password_too_and_enqueues_one_request() {
        CountingHasher hasher = new CountingHasher();
        User owner = new User(UserId.generate(), new EmailAddress("owner@example.com"), new Username("owner"),
                Optional.of("hash"), Optional.empty(), Set.of(Role.USER), true, NOW.minusSeconds(3600),
                Optional.empty());
        new SignUp(users(Optional.of(owner)), hasher, queue, RULES, CLOCK).signUp(
                new EmailAddress("owner@example.com"), new Username("intruder"),
                PlainPassword.chosen("correct horse battery"));

        assertThat(hasher.hashes.get()).isEqualTo(1);
        assertThat(queued).singleElement().isInstanceOfSatisfying(MailRequest.SignUpAttempted.class,
                attempted -> assertThat(attempted.email()).isEqualTo(new EmailAddress("owner@example.com")));
        assertThat(userCalls).containsExactly("findByEmail", "findByUsername");
    }

    @Test
    void a_request_carries_an_address_or_a_user_id_never_a_token() {
        assertThat(MailRequest.class.getPermittedSubclasses()).allSatisfy(type -> assertThat(
                type.getRecordComponents()).extracting(component -> component.getType().getSimpleName())
                .isSubsetOf("UUID", "EmailAddress", "UserId"));
        assertThatThrownBy(() -> new MailRequest.ResetLinkAsked(null, new EmailAddress("a@example.com")))
                .isInstanceOf(NullPointerException.class);
    }

    /** Users that records which of its methods were called; finds the given user by e-mail, no one by username. */
    private Users users(Optional<User> byEmail) {
        return (Users) Proxy.newProxyInstance(Users.class.getClassLoader(), new Class<?>[] {Users.class},
                (proxy, method, args) -> {
                    userCalls.add(method.getName());
                    return switch (method.getName()) {
                        case "findByEmail" -> byEmail;
                        case "findByUsername", "findById" -> Optional.empty();
                        default -> null;
                    };
                });
    }

    private static final class CountingHasher implements PasswordHasher {
        final AtomicInteger hashes = new AtomicInteger();

        @Override
        public String hash(PlainPassword password) {
            hashes.incrementAndGet();
            return "hash";
        }

        @Override
        public boolean matches(PlainPassword password, String hash) {
            return false;
        }

        @Override
        public void spendVerificationTime(PlainPassword password) {
        }
    }
}
