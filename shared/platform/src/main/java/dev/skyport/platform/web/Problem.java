package dev.skyport.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;

/** An RFC 9457 problem detail: the body of every error answer. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance,
                      @JsonProperty("provider_code") String providerCode) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://skyport.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, instance, null);
    }

    /** The same problem with the error code a cloud provider answered, for the person to look up. */
    public Problem withProviderCode(String code) {
        return new Problem(type, title, status, detail, instance, code);
    }
}
