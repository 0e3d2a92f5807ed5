package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The rules of the identity context that an operator may tune. */
public record IdentityRules(
        URI publicBaseUrl,
        Set<EmailAddress> adminEmails,
        Duration verificationLinkTtl,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration sessionMaxLifetime,
        int lockoutThreshold,
        Duration lockoutWindow,
        Duration wsTicketTtl) {

    public IdentityRules {
        adminEmails = Set.copyOf(adminEmails);
    }

    /** A link in a mail: the public address of a route with the token as its {@code token} parameter. */
    public String tokenLink(String path, String token) {
        return publicBaseUrl.toString().replaceAll("/+$", "") + path + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /**
     * The roles an account has once its e-mail address is proven (a verification link, or Google): addresses listed
     * by the operator become ADMIN. Never at sign-up, where anyone can type any address.
     */
    public Set<Role> rolesOnceVerified(User user) {
        Set<Role> roles = EnumSet.copyOf(user.roles());
        if (adminEmails.contains(user.email())) {
            roles.add(Role.ADMIN);
        }
        return Set.copyOf(roles);
    }
}
