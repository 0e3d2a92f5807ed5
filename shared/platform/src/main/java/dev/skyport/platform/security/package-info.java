/**
 * The access tokens' keys: signing (the identity functions), verification with micronaut-security-jwt and Nimbus
 * (every HTTP function). Its beans exist only where micronaut-security-jwt is: the event functions leave it out of
 * their jars, and bean definitions that could not load would fail their start. The live-session store, which needs
 * neither, is {@code dev.skyport.platform.sessions}.
 */
@Configuration
@Requires(classes = SignatureConfiguration.class)
package dev.skyport.platform.security;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
