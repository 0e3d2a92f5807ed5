package dev.skyport.notifications.application;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Sends one HTTP POST to a person's URL, safely: only to addresses the destination rules allow, checked on the
 * address the name resolves to when sending, no redirects, short timeouts, the answer's body read only so far.
 */
public interface WebhookSender {

    Result post(URI url, Map<String, String> headers, String body);

    /**
     * What happened: the status code when the receiver answered, how long it took, and what went wrong otherwise
     * ({@code refused-address}, {@code timeout}, {@code connection-failed}, ...; never a secret).
     */
    record Result(OptionalInt statusCode, Duration latency, Optional<String> error) {

        public boolean succeeded() {
            return error.isEmpty() && statusCode.isPresent() && statusCode.getAsInt() >= 200
                    && statusCode.getAsInt() < 300;
        }
    }
}
