/**
 * Access tokens signed and read with micronaut-security-jwt: only where it is (the HTTP functions). The event
 * functions use identity for WebSocket tickets only and leave it out of their jars.
 */
@Configuration
@Requires(classes = SignatureGeneratorConfiguration.class)
package dev.skyport.identity.adapter.jwt;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
