package dev.skyport.platform.config;

import dev.skyport.identity.application.IdentitySettings;
import dev.skyport.identity.domain.EmailAddress;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Collectors;

@Factory
public class PlatformFactory {

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    IdentitySettings identitySettings(IdentityProperties properties,
                                      @Value("${skyport.admin-emails:}") String adminEmails) {
        return new IdentitySettings(
                properties.getPublicBaseUrl(),
                // Comma-separated e-mails that become ADMIN on sign-up or first Google login (SKYPORT_ADMIN_EMAILS).
                Arrays.stream(adminEmails.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty())
                        .map(EmailAddress::new)
                        .collect(Collectors.toSet()),
                properties.getVerificationLinkTtl(),
                properties.getAccessTokenTtl(),
                properties.getRefreshTokenTtl(),
                properties.getLockoutThreshold(),
                properties.getLockoutWindow(),
                properties.getWsTicketTtl());
    }
}
