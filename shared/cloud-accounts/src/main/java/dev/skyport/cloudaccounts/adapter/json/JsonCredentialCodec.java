package dev.skyport.cloudaccounts.adapter.json;

import dev.skyport.cloudaccounts.application.CredentialCodec;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Credentials in a secret are a flat JSON object of their fields, as a person sent them. */
@Singleton
public class JsonCredentialCodec implements CredentialCodec {

    private final JsonMapper json;

    public JsonCredentialCodec(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String encode(CloudCredentials credentials) {
        try {
            return json.writeValueAsString(credentials.fields());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write credentials", e);
        }
    }

    @Override
    public CloudCredentials decode(CloudProvider provider, String secret) {
        try {
            Map<String, String> fields = json.readValue(secret.getBytes(StandardCharsets.UTF_8),
                    Argument.mapOf(String.class, String.class));
            return CloudCredentials.of(provider, fields);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored credential secret is not readable", e);
        }
    }
}
