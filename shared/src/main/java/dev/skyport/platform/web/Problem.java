package dev.skyport.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;

/** An RFC 9457 problem detail: the body of every error answer. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://skyport.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, instance);
    }
}
