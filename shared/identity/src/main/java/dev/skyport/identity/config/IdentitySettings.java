package dev.skyport.identity.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;

/**
 * {@code skyport.identity.*}: the tunable rules of sign-up and login, checked when read (a function with an
 * impossible setting does not start). With the administrators' addresses they make the application's
 * {@link dev.skyport.identity.application.IdentityRules} ({@link IdentityFactory}).
 *
 * @param publicBaseUrl               where people reach the API; verification links start with it
 * @param sessionMaxLifetime          how long a session lasts from login at most, however often it is refreshed
 * @param addressFailureThreshold     failed logins from one client address (any account) before its attempts slow
 * @param accountFailureThreshold     failed logins of one account from everywhere before every attempt at it slows
 * @param maxLoginDelay               the longest a throttled attempt waits; the delay doubles with each failure
 * @param mailRequestsPerClientAddress anonymous requests that send mail (sign-up, resend, reset) per address and window
 * @param mailsPerRecipient           mails one recipient gets from those requests per window; more are not sent
 */
@ConfigurationProperties(IdentitySettings.PREFIX)
public record IdentitySettings(
        @Bindable(defaultValue = "http://localhost:8080") URI publicBaseUrl,
        @Bindable(defaultValue = "1h") Duration verificationLinkTtl,
        @Bindable(defaultValue = "1h") Duration passwordResetLinkTtl,
        @Bindable(defaultValue = "15m") Duration accessTokenTtl,
        @Bindable(defaultValue = "30d") Duration refreshTokenTtl,
        @Bindable(defaultValue = "30d") Duration sessionMaxLifetime,
        @Bindable(defaultValue = "5") int lockoutThreshold,
        @Bindable(defaultValue = "15m") Duration lockoutWindow,
        @Bindable(defaultValue = "60s") Duration wsTicketTtl,
        @Bindable(defaultValue = "20") int addressFailureThreshold,
        @Bindable(defaultValue = "100") int accountFailureThreshold,
        @Bindable(defaultValue = "15m") Duration maxLoginDelay,
        @Bindable(defaultValue = "20") int mailRequestsPerClientAddress,
        @Bindable(defaultValue = "3") int mailsPerRecipient,
        @Bindable(defaultValue = "1h") Duration mailLimitWindow) {

    public static final String PREFIX = "skyport.identity";
    public static final String PUBLIC_BASE_URL = PREFIX + ".public-base-url";

    public IdentitySettings {
        if (!"https".equals(publicBaseUrl.getScheme()) && !"http".equals(publicBaseUrl.getScheme())) {
            throw invalid("public-base-url", "an http(s) URL", publicBaseUrl);
        }
        positive("verification-link-ttl", verificationLinkTtl);
        positive("password-reset-link-ttl", passwordResetLinkTtl);
        positive("access-token-ttl", accessTokenTtl);
        positive("refresh-token-ttl", refreshTokenTtl);
        positive("session-max-lifetime", sessionMaxLifetime);
        positive("lockout-window", lockoutWindow);
        positive("ws-ticket-ttl", wsTicketTtl);
        positive("max-login-delay", maxLoginDelay);
        positive("mail-limit-window", mailLimitWindow);
        if (accessTokenTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw invalid("access-token-ttl", "at most 1h (a revoked session's token still reads until it expires)",
                    accessTokenTtl);
        }
        atLeastOne("lockout-threshold", lockoutThreshold);
        atLeastOne("address-failure-threshold", addressFailureThreshold);
        atLeastOne("account-failure-threshold", accountFailureThreshold);
        atLeastOne("mail-requests-per-client-address", mailRequestsPerClientAddress);
        atLeastOne("mails-per-recipient", mailsPerRecipient);
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw invalid(name, "1 or more", value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(name, "a positive duration", value);
        }
    }

    private static IllegalArgumentException invalid(String name, String expected, Object value) {
        return new IllegalArgumentException(PREFIX + "." + name + " must be " + expected + ", not " + value);
    }
}
