package dev.skyport.identity.adapter.google;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.util.Optional;

/**
 * {@code skyport.google.*}: the OAuth client id Skyport's web app uses ({@code SKYPORT_GOOGLE_CLIENT_ID}, set by
 * CDK), and where Google's keys are. Checked when read: a function with an impossible setting does not start.
 *
 * @param clientId         the OAuth client id Google's ID tokens must be for; unset turns Google sign-in off
 * @param jwksUrl          where Google's signing keys are
 * @param authorizationUrl where the console sends a person to sign in with Google (OpenID Connect)
 */
@ConfigurationProperties(GoogleSettings.PREFIX)
public record GoogleSettings(
        @Nullable String clientId,
        @Bindable(defaultValue = "https://www.googleapis.com/oauth2/v3/certs") URI jwksUrl,
        @Bindable(defaultValue = "https://accounts.google.com/o/oauth2/v2/auth") URI authorizationUrl) {

    public static final String PREFIX = "skyport.google";
    /** The OAuth client id Google's ID tokens must be for; unset turns Google sign-in off. */
    public static final String CLIENT_ID = PREFIX + ".client-id";
    public static final String JWKS_URL = PREFIX + ".jwks-url";
    public static final String AUTHORIZATION_URL = PREFIX + ".authorization-url";

    public GoogleSettings {
        requireHttp(JWKS_URL, jwksUrl);
        requireHttp(AUTHORIZATION_URL, authorizationUrl);
    }

    private static void requireHttp(String property, URI url) {
        if (!url.isAbsolute() || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
            throw new IllegalArgumentException(property + " must be an http(s) URL, not " + url);
        }
    }

    /** The client id ID tokens must be for; empty where Google sign-in is off. */
    public Optional<String> client() {
        return Optional.ofNullable(clientId).filter(id -> !id.isBlank());
    }
}
