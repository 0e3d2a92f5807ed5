package dev.skyport.platform.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import java.util.Map;

/**
 * Settings every Skyport function shares (how tokens are read and checked, JSON and body limits), applied to
 * every application context below the functions' own configuration files, which may override them.
 */
@ContextConfigurer
public final class SkyportDefaults implements ApplicationContextConfigurer {

    static final int ORDER = -1000;

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of("skyport-defaults", Map.ofEntries(
                Map.entry("skyport.security.issuer", "https://skyport.dev"),
                Map.entry("skyport.security.audience", "skyport-api"),
                // "cookie" turns on the cookie token reader; the Bearer header reader stays on.
                Map.entry("micronaut.security.authentication", "cookie"),
                Map.entry("micronaut.security.redirect.enabled", false),
                Map.entry("micronaut.security.token.jwt.claims-validators.issuer", "${skyport.security.issuer}"),
                Map.entry("micronaut.security.token.jwt.claims-validators.audience", "${skyport.security.audience}"),
                // exp (required), nbf and iat with a clock skew: TokenTimeClaimsValidator, which replaces Micronaut's lenient one.
                Map.entry("micronaut.security.token.jwt.claims-validators.expiration", false),
                Map.entry("skyport.security.clock-skew", "30s"),
                Map.entry("micronaut.security.token.jwt.claims-validators.subject-not-null", true),
                Map.entry("micronaut.security.token.cookie.enabled", true),
                Map.entry("micronaut.security.token.cookie.cookie-name", "skyport_access"),
                Map.entry("micronaut.security.token.jwt.generator.refresh-token.enabled", false),
                Map.entry("micronaut.security.endpoints.login.enabled", false),
                Map.entry("micronaut.security.endpoints.logout.enabled", false),
                Map.entry("micronaut.security.endpoints.oauth.enabled", false),
                Map.entry("micronaut.security.endpoints.keys.enabled", false),
                Map.entry("micronaut.security.reject-not-found", false),
                Map.entry("micronaut.server.max-request-size", 65536),
                // Every route does blocking I/O (DynamoDB, providers, Argon2): never on the Netty event loop. In
                // Lambda, with no event loop, HttpApiHandler.IN_LAMBDA runs routes on the invocation's thread.
                Map.entry("micronaut.server.thread-selection", "BLOCKING"),
                Map.entry("micronaut.serde.serialization.inclusion", "non_absent"),
                Map.entry("jackson.deserialization.fail-on-unknown-properties", false)
        ), ORDER));
    }
}
