package dev.skyport.identity.adapter.google;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.util.Optional;

/** {@code skyport.google.*}: the OAuth client id Skyport's web app uses, and where Google's keys are. */
@ConfigurationProperties("skyport.google")
public class GoogleSettings {

    /** The OAuth client id Google's ID tokens must be for; unset turns Google sign-in off. */
    public static final String CLIENT_ID = "skyport.google.client-id";

    private String clientId;
    private URI jwksUrl = URI.create("https://www.googleapis.com/oauth2/v3/certs");

    public Optional<String> getClientId() {
        return Optional.ofNullable(clientId).filter(id -> !id.isBlank());
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public URI getJwksUrl() {
        return jwksUrl;
    }

    public void setJwksUrl(URI jwksUrl) {
        this.jwksUrl = jwksUrl;
    }
}
