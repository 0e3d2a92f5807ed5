package dev.skyport.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.identity.adapter.inprocess.InProcessMailQueue;
import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.identity.application.IdentityRules;
import dev.skyport.identity.application.MailClaims;
import dev.skyport.identity.application.MailRequest;
import dev.skyport.identity.application.MailWork;
import dev.skyport.identity.application.PasswordResets;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.application.Users;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Username;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mail queue's worker on DynamoDB Local: at least once delivery, without doubling (issue 27.10). */
class MailWorkIT {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private IdentityContext identity;
    private final List<OutgoingEmail> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void start() {
        identity = new IdentityContext(Map.of());
        identity.bean(SignUp.class).signUp(new EmailAddress("ada@example.com"), new Username("ada"),
                PlainPassword.chosen("correct horse battery"));
        identity.bean(EmailVerification.class).verify(identity.ses.latestVerificationToken("ada@example.com")
                .orElseThrow());
    }

    @AfterEach
    void stop() {
        identity.close();
    }

    @Test
    void a_request_delivered_twice_sends_its_mail_once() {
        MailWork work = work();
        MailRequest asked = MailRequest.ResetLinkAsked.of(new EmailAddress("ada@example.com"));

        assertThat(work.perform(asked)).isEqualTo(MailWork.Outcome.DONE);
        assertThat(work.perform(asked)).isEqualTo(MailWork.Outcome.DUPLICATE);

        assertThat(sent).singleElement().extracting(OutgoingEmail::subject).isEqualTo("Reset your Skyport password");
    }

    @Test
    void a_failed_attempt_releases_its_claim_and_the_next_delivery_does_the_work() {
        MailWork work = work();
        MailRequest asked = MailRequest.ResetLinkAsked.of(new EmailAddress("ada@example.com"));
        failuresLeft.set(1);

        assertThatThrownBy(() -> work.perform(asked)).hasMessageContaining("SES is down");
        assertThat(work.perform(asked)).isEqualTo(MailWork.Outcome.DONE);

        assertThat(sent).hasSize(1);
    }

    @Test
    void a_mail_sent_whose_claim_cannot_be_marked_done_is_still_answered_done_so_the_queue_sends_it_no_more() {
        MailClaims stored = identity.bean(MailClaims.class);
        MailClaims unmarkable = new MailClaims() {
            @Override
            public Claim claim(java.util.UUID requestId, java.time.Instant now, Duration lease) {
                return stored.claim(requestId, now, lease);
            }

            @Override
            public void done(java.util.UUID requestId, java.time.Instant now) {
                throw new IllegalStateException("DynamoDB throttled the write");
            }

            @Override
            public void release(java.util.UUID requestId) {
                stored.release(requestId);
            }
        };
        MailWork work = new MailWork(identity.bean(Users.class), identity.bean(EmailVerifications.class),
                identity.bean(PasswordResets.class), unmarkable, sent::add, sent::add,
                identity.bean(IdentityRules.class), new MailWork.Settings(LEASE, Duration.ofHours(1)),
                identity.clock);
        MailRequest asked = MailRequest.ResetLinkAsked.of(new EmailAddress("ada@example.com"));

        assertThat(work.perform(asked)).isEqualTo(MailWork.Outcome.DONE);
        assertThat(sent).hasSize(1);
    }

    @Test
    void a_request_held_by_a_crashed_worker_is_done_once_its_lease_has_run_out() {
        MailWork work = work();
        MailRequest asked = MailRequest.ResetLinkAsked.of(new EmailAddress("ada@example.com"));
        // a worker claimed it and died without releasing it
        identity.bean(MailClaims.class).claim(asked.id(), identity.clock.instant(), LEASE);

        assertThatThrownBy(() -> work.perform(asked)).isInstanceOf(MailWork.WorkHeldElsewhere.class);
        assertThat(sent).isEmpty();

        identity.clock.advance(LEASE.plusSeconds(1));
        assertThat(work.perform(asked)).isEqualTo(MailWork.Outcome.DONE);
        assertThat(sent).hasSize(1);
    }

    @Test
    void an_address_without_an_account_gets_no_mail_and_its_request_is_done() {
        MailWork work = work();

        assertThat(work.perform(MailRequest.ResetLinkAsked.of(new EmailAddress("nobody@example.com"))))
                .isEqualTo(MailWork.Outcome.DONE);
        assertThat(work.perform(MailRequest.VerificationLinkAsked.of(new EmailAddress("nobody@example.com"))))
                .isEqualTo(MailWork.Outcome.DONE);

        assertThat(sent).isEmpty();
    }

    @Test
    void the_in_process_queue_answers_at_once_and_delivers_again_after_a_failure() {
        failuresLeft.set(2);
        InProcessMailQueue queue = new InProcessMailQueue(work());

        queue.enqueue(MailRequest.ResetLinkAsked.of(new EmailAddress("ada@example.com")));

        assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
        assertThat(sent).singleElement().extracting(OutgoingEmail::to).isEqualTo("ada@example.com");
    }

    @Test
    void forgot_password_mails_the_link_through_the_queue() {
        identity.bean(dev.skyport.identity.application.PasswordReset.class)
                .requestReset(new EmailAddress("ada@example.com"));

        assertThat(identity.ses.latestResetToken("ada@example.com")).isPresent();
    }

    /** The context's work with a mailer that records, failing the first {@code failuresLeft} sends. */
    private MailWork work() {
        Mailer flaky = email -> {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("SES is down");
            }
            sent.add(email);
        };
        return new MailWork(identity.bean(Users.class), identity.bean(EmailVerifications.class),
                identity.bean(PasswordResets.class), identity.bean(MailClaims.class), flaky, flaky,
                identity.bean(IdentityRules.class), new MailWork.Settings(LEASE, Duration.ofHours(1)),
                identity.clock);
    }
}
