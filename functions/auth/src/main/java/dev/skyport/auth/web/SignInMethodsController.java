package dev.skyport.auth.web;

import dev.skyport.identity.adapter.google.GoogleSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.net.URI;

/**
 * How a person may sign in here, for a sign-in page to offer exactly that: always a password, and Google where this
 * Skyport has an OAuth client (its id is public: every Google sign-in page shows it).
 */
@Controller("/auth")
public class SignInMethodsController {

    private final GoogleSettings google;

    public SignInMethodsController(GoogleSettings google) {
        this.google = google;
    }

    /** The sign-in methods of this Skyport. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get("/sign-in-methods")
    public SignInMethods signInMethods() {
        return new SignInMethods(true, google.client()
                .map(clientId -> new GoogleSignIn(clientId, google.authorizationUrl())).orElse(null));
    }

    /**
     * @param password always true: e-mail (or username) and password
     * @param google   where and as which OAuth client the console sends a person to Google; absent where it is off
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record SignInMethods(boolean password, @Nullable GoogleSignIn google) {
    }

    /**
     * @param clientId         the OAuth client the ID token must be for
     * @param authorizationUrl Google's OpenID Connect authorization endpoint
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record GoogleSignIn(String clientId, URI authorizationUrl) {
    }
}
