package dev.skyport.mail.adapter.ses;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** Who mails come from ({@code skyport.mail.sender}; in AWS {@code SKYPORT_MAIL_SENDER}, a verified SES identity). */
@ConfigurationProperties("skyport.mail")
public record MailSettings(@Nullable String sender) {

    public static final String SENDER = "skyport.mail.sender";

    public MailSettings {
        if (sender != null && !sender.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new IllegalArgumentException("skyport.mail.sender must be an e-mail address, not " + sender);
        }
    }
}
