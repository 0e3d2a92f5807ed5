package dev.skyport.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.application.Users;
import dev.skyport.identity.application.UsernameTakenException;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Username;
import dev.skyport.testing.DynamoDbLocalFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SignUpIT {

    private IdentityContext identity;
    private SignUp signUp;
    private Users users;

    @BeforeEach
    void start() {
        identity = new IdentityContext(Map.of());
        signUp = identity.bean(SignUp.class);
        users = identity.bean(Users.class);
    }

    @AfterEach
    void stop() {
        identity.close();
    }

    @Test
    void fifty_concurrent_signups_with_one_email_create_exactly_one_user() throws Exception {
        int attempts = 50;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            int n = i;
            Callable<Void> call = () -> {
                signUp.signUp(new EmailAddress(n % 2 == 0 ? "Race@Example.com" : "race@example.COM"),
                        new Username("racer" + n), PlainPassword.chosen("correct horse " + n));
                return null;
            };
            results.add(pool.submit(call));
        }
        for (Future<?> result : results) {
            result.get(); // every caller gets the same, non-revealing answer
        }
        pool.shutdown();

        assertThat(profilesWithEmail("race@example.com")).isEqualTo(1);
        assertThat(users.findByEmail(new EmailAddress("RACE@example.com"))).isPresent();
        assertThat(identity.ses.latestVerificationToken("race@example.com")).isPresent();
    }

    @Test
    void fifty_concurrent_signups_with_one_username_let_exactly_one_win() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger taken = new AtomicInteger();
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                try {
                    signUp.signUp(new EmailAddress("person" + n + "@example.com"), new Username("popular"),
                            PlainPassword.chosen("correct horse battery"));
                } catch (UsernameTakenException e) {
                    taken.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get();
        }
        pool.shutdown();

        assertThat(taken.get()).isEqualTo(49);
        assertThat(users.findByUsername(new Username("popular"))).isPresent();
    }

    @Test
    void signup_with_a_taken_email_creates_nothing_and_tells_the_owner() {
        signUp.signUp(new EmailAddress("owner@example.com"), new Username("owner"), PlainPassword.chosen("password-1"));
        signUp.signUp(new EmailAddress("OWNER@example.com"), new Username("intruder"), PlainPassword.chosen("password-2"));

        assertThat(users.findByUsername(new Username("intruder"))).isEmpty();
        assertThat(identity.ses.sentTo("owner@example.com")).extracting(e -> e.subject())
                .contains("Someone tried to sign up to Skyport with your address");
    }

    @Test
    void an_unverified_signup_whose_link_expired_can_be_replaced_and_frees_its_username() {
        signUp.signUp(new EmailAddress("late@example.com"), new Username("first-try"), PlainPassword.chosen("password-1"));
        identity.clock.advance(Duration.ofMinutes(61));

        signUp.signUp(new EmailAddress("late@example.com"), new Username("second-try"), PlainPassword.chosen("password-2"));

        assertThat(users.findByEmail(new EmailAddress("late@example.com")))
                .hasValueSatisfying(user -> assertThat(user.username().value()).isEqualTo("second-try"));
        assertThat(users.findByUsername(new Username("first-try"))).isEmpty();
        assertThat(profilesWithEmail("late@example.com")).isEqualTo(1);
    }

    @Test
    void an_unverified_signup_within_the_hour_is_not_replaced() {
        signUp.signUp(new EmailAddress("fresh@example.com"), new Username("fresh-one"), PlainPassword.chosen("password-1"));
        identity.clock.advance(Duration.ofMinutes(59));

        signUp.signUp(new EmailAddress("fresh@example.com"), new Username("fresh-two"), PlainPassword.chosen("password-2"));

        assertThat(users.findByEmail(new EmailAddress("fresh@example.com")))
                .hasValueSatisfying(user -> assertThat(user.username().value()).isEqualTo("fresh-one"));
    }

    @Test
    void a_username_held_by_someone_else_is_refused_with_a_conflict() {
        signUp.signUp(new EmailAddress("a@example.com"), new Username("shared-name"), PlainPassword.chosen("password-1"));

        assertThatThrownBy(() -> signUp.signUp(new EmailAddress("b@example.com"), new Username("shared-name"),
                PlainPassword.chosen("password-2")))
                .isInstanceOf(UsernameTakenException.class)
                .hasMessageContaining("shared-name");
    }

    @Test
    void the_password_is_stored_only_as_an_argon2id_hash() {
        signUp.signUp(new EmailAddress("hash@example.com"), new Username("hasher"), PlainPassword.chosen("my secret pw"));

        List<Map<String, AttributeValue>> items = DynamoDbLocalFixture.client()
                .scan(b -> b.tableName(identity.tables.users())).items();
        assertThat(items.toString()).doesNotContain("my secret pw");
        assertThat(users.findByEmail(new EmailAddress("hash@example.com")).orElseThrow().passwordHash())
                .hasValueSatisfying(hash -> assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    private long profilesWithEmail(String email) {
        return DynamoDbLocalFixture.client().scan(b -> b.tableName(identity.tables.users())).items().stream()
                .filter(item -> "PROFILE".equals(item.get("sk").s()))
                .filter(item -> email.equals(item.get("email").s()))
                .count();
    }
}
