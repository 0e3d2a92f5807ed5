package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
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
        Duration sessionMaxLifetime,
        int lockoutThreshold,
        Duration lockoutWindow,
        Duration wsTicketTtl) {

    public IdentitySettings {
        adminEmails = Set.copyOf(adminEmails);
    }

    /** The roles a new account gets: e-mails listed by the operator become ADMIN. */
    public Set<Role> rolesFor(EmailAddress email) {
        return adminEmails.contains(email) ? Set.of(Role.USER, Role.ADMIN) : Set.of(Role.USER);
    }
}
