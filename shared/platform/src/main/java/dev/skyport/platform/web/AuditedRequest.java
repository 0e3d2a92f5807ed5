package dev.skyport.platform.web;

import dev.skyport.kernel.UserId;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * What a controller tells the audit log about its request, beyond what {@link RequestAudit} sees for itself: who a
 * sign-in was for and whether it succeeded, which person an administrator acted on. Kept as request attributes, read
 * once the answer is out. Never a password, token or body: only names and ids.
 */
public final class AuditedRequest {

    static final String ATTEMPTED_LOGIN = "skyport.audit.attempted-login";
    static final String SIGNED_IN = "skyport.audit.signed-in";
    static final String ACTS_ON = "skyport.audit.acts-on";

    private AuditedRequest() {
    }

    /** A sign-in (or a request to mail a link) for this login name or address: recorded, whatever the outcome. */
    public static void attemptedLogin(HttpRequest<?> request, String login) {
        if (login != null) {
            request.setAttribute(ATTEMPTED_LOGIN, login);
        }
    }

    /** The request signed this person in (login, Google, refresh, verification): the entry is theirs. */
    public static void signedIn(HttpRequest<?> request, UserId person) {
        request.setAttribute(SIGNED_IN, person);
    }

    /** An administrator's request acts on this person's account: the entry is that person's too. */
    public static void actsOn(HttpRequest<?> request, UserId person) {
        request.setAttribute(ACTS_ON, person);
    }

    static Optional<String> attemptedLogin(HttpRequest<?> request) {
        return request.getAttribute(ATTEMPTED_LOGIN, String.class);
    }

    static Optional<UserId> signedIn(HttpRequest<?> request) {
        return request.getAttribute(SIGNED_IN, UserId.class);
    }

    static Optional<UserId> actsOn(HttpRequest<?> request) {
        return request.getAttribute(ACTS_ON, UserId.class);
    }
}
