package dev.skyport.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A running Skyport the journey walks: the local platform in this JVM, or a deployed stack (on AWS, or on LocalStack
 * or another emulator). The journey's client code is the same for every target; only these differ.
 *
 * @param description what it is, for the printed lines
 * @param api         the HTTP API's base URL (the stack's {@code ApiUrl})
 * @param webSocket   the WebSocket URL, opened with {@code ?ticket=} (the stack's {@code WebSocketUrl})
 * @param mailbox     where the verification mail can be read, or why it cannot
 * @param givenUser   a verified person to log in as instead of signing up (needed where no mailbox can be read)
 * @param cloud       the cloud account the cluster is made in
 * @param runTimeout  how long a cluster may take to come up or go (seconds locally, 10-20 minutes in a real cloud)
 */
record Target(String description, URI api, URI webSocket, Mailbox mailbox, Optional<Person> givenUser,
              CloudAccountSource cloud, Duration runTimeout) {

    /** A verified person's login (e-mail or username) and password. */
    record Person(String login, String password) {

        @Override
        public String toString() {
            return "Person[" + login + "]";
        }
    }

    /** Why the journey cannot be walked here at all, if it cannot: no way to sign up and no one to log in as. */
    Optional<String> cannotWalk() {
        if (cloud instanceof CloudAccountSource.Missing missing) {
            return Optional.of(missing.reason());
        }
        if (givenUser.isEmpty() && mailbox instanceof Mailbox.Unreadable unreadable) {
            return Optional.of("cannot sign up: " + unreadable.reason());
        }
        return Optional.empty();
    }
}
