/**
 * Google ID tokens checked with Nimbus: only where Nimbus is (the HTTP functions, through micronaut-security-jwt).
 * The event functions use identity for WebSocket tickets only and leave it out of their jars.
 */
@Configuration
@Requires(classes = DefaultJWTProcessor.class)
package dev.skyport.identity.adapter.google;

import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
