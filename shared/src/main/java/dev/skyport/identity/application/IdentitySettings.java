package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** The rules of the identity context that an operator may tune. */
public record IdentitySettings(
        URI publicBaseUrl,
        Set<EmailAddress> adminEmails,
        Duration verificationLinkTtl,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        int lockoutThreshold,
        Duration lockoutWindow,
        Duration wsTicketTtl) {

    public IdentitySettings {
        adminEmails = Set.copyOf(adminEmails);
    }
}
