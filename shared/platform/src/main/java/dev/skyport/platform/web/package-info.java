/**
 * HTTP plumbing of the functions that serve routes: problem+json answers, the request filters (size limit, CSRF,
 * the live-session check). Its beans exist only where Micronaut's HTTP server is: the event functions (realtime,
 * stream-publisher) leave it out of their jars, and bean definitions that could not load would fail their start.
 */
@Configuration
@Requires(classes = HttpServerConfiguration.class)
package dev.skyport.platform.web;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.server.HttpServerConfiguration;
