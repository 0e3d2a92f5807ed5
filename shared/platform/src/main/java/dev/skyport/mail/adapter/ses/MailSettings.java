package dev.skyport.mail.adapter.ses;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Who mails come from ({@code skyport.mail.sender}; in AWS {@code SKYPORT_MAIL_SENDER}, a verified SES identity):
 * an address, or a name and an address as SES takes them ({@code Skyport <noreply@example.com>}).
 */
@ConfigurationProperties("skyport.mail")
public record MailSettings(@Nullable String sender) {

    public static final String SENDER = "skyport.mail.sender";
    private static final String ADDRESS = "[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+";

    public MailSettings {
        if (sender != null && !sender.matches(ADDRESS) && !sender.matches("[^<>@]*<" + ADDRESS + ">")) {
            throw new IllegalArgumentException(SENDER + " must be an e-mail address, or Name <address>, not "
                    + sender);
        }
    }
}
