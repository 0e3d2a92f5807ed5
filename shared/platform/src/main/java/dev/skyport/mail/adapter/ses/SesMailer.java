package dev.skyport.mail.adapter.ses;

import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Sends through Amazon SES (v2 API) from the configured, verified sender identity. */
@Singleton
@Requires(classes = SesV2Client.class)
@Requires(property = MailSettings.SENDER)
public class SesMailer implements Mailer {

    /** Built at the first mail, not on a cold start that sends none. */
    private final BeanProvider<SesV2Client> ses;
    private final String sender;

    public SesMailer(BeanProvider<SesV2Client> ses, MailSettings settings) {
        this.ses = ses;
        this.sender = settings.sender();
    }

    @Override
    public void send(OutgoingEmail email) {
        ses.get().sendEmail(b -> b.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(email.to()))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data(email.subject()).charset("UTF-8"))
                        .body(body -> body.text(t -> t.data(email.textBody()).charset("UTF-8"))))));
    }
}
