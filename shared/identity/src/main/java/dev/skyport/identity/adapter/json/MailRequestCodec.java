package dev.skyport.identity.adapter.json;

import dev.skyport.identity.application.MailRequest;
import dev.skyport.identity.application.MailRequest.FirstVerificationLink;
import dev.skyport.identity.application.MailRequest.ResetLinkAsked;
import dev.skyport.identity.application.MailRequest.SignUpAttempted;
import dev.skyport.identity.application.MailRequest.VerificationLinkAsked;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.kernel.UserId;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one JSON form of a {@link MailRequest} on a queue: {@code {"type":"reset-link-asked","id":"…","email":"…"}},
 * {@code user_id} instead of {@code email} for a first verification link. Only addresses and ids, never a token.
 */
@Singleton
public class MailRequestCodec {

    static final String RESET_LINK_ASKED = "reset-link-asked";
    static final String VERIFICATION_LINK_ASKED = "verification-link-asked";
    static final String FIRST_VERIFICATION_LINK = "first-verification-link";
    static final String SIGN_UP_ATTEMPTED = "sign-up-attempted";

    private final JsonMapper json;

    public MailRequestCodec(JsonMapper json) {
        this.json = json;
    }

    public String encode(MailRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", request.id().toString());
        switch (request) {
            case ResetLinkAsked asked -> fields.putAll(Map.of("type", RESET_LINK_ASKED, "email", asked.email().value()));
            case VerificationLinkAsked asked -> fields.putAll(Map.of("type", VERIFICATION_LINK_ASKED,
                    "email", asked.email().value()));
            case FirstVerificationLink first -> fields.putAll(Map.of("type", FIRST_VERIFICATION_LINK,
                    "user_id", first.userId().value()));
            case SignUpAttempted attempted -> fields.putAll(Map.of("type", SIGN_UP_ATTEMPTED,
                    "email", attempted.email().value()));
        }
        try {
            return json.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a mail request", e);
        }
    }

    /** @throws IllegalArgumentException for a body that is no mail request (it can never be worked on) */
    public MailRequest decode(String body) {
        Map<String, String> fields;
        try {
            fields = json.readValue(body.getBytes(StandardCharsets.UTF_8),
                    Argument.mapOf(String.class, String.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("a mail request is not readable JSON", e);
        }
        if (fields == null) {
            throw new IllegalArgumentException("a mail request is empty");
        }
        UUID id = UUID.fromString(required(fields, "id"));
        String type = required(fields, "type");
        return switch (type) {
            case RESET_LINK_ASKED -> new ResetLinkAsked(id, new EmailAddress(required(fields, "email")));
            case VERIFICATION_LINK_ASKED -> new VerificationLinkAsked(id, new EmailAddress(required(fields, "email")));
            case FIRST_VERIFICATION_LINK -> new FirstVerificationLink(id, new UserId(required(fields, "user_id")));
            case SIGN_UP_ATTEMPTED -> new SignUpAttempted(id, new EmailAddress(required(fields, "email")));
            default -> throw new IllegalArgumentException("unknown mail request type " + type);
        };
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a mail request lacks " + name);
        }
        return value;
    }
}
