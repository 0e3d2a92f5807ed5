package dev.skyport.identity.application;

import dev.skyport.identity.application.GoogleIdTokens.GoogleIdentity;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DependentResources;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a signed-in person does with the account: read it, change username or password, delete it. Changes that
 * touch credentials need proof (the current password, or a fresh Google ID token for a Google account).
 * Made by {@code IdentityFactory} only where an {@link EventPublisher} exists (the accounts function). A change
 * made with the access token of an ended session never gets here: the platform's LiveSessionCheck refuses every
 * write of an ended session first, so these use cases do not read the session again.
 */
public class AccountManagement {

    public static final String USER_DELETED = EventTypes.USER_DELETED;
    static final Duration FRESH_GOOGLE_TOKEN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(AccountManagement.class);

    private final Users users;
    private final PasswordHasher hasher;
    private final PasswordLogin passwordLogin;
    private final GoogleIdTokens googleIdTokens;
    private final Sessions sessions;
    private final EventPublisher events;
    private final List<DependentResources> dependents;
    private final Clock clock;
    private final Announcements announcements;

    /**
     * @param dependents what other contexts keep that must go before the account (clusters): deletion waits for it
     */
    public AccountManagement(Users users, PasswordHasher hasher, PasswordLogin passwordLogin,
                             GoogleIdTokens googleIdTokens, Sessions sessions, EventPublisher events,
                             List<DependentResources> dependents, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.passwordLogin = passwordLogin;
        this.googleIdTokens = googleIdTokens;
        this.sessions = sessions;
        this.events = events;
        this.dependents = List.copyOf(dependents);
        this.clock = clock;
        this.announcements = new Announcements(() -> Optional.of(events), clock);
    }

    /** The caller's account; an access token of a deleted account is refused. */
    public User profile(UserId id) {
        return users.findById(id).orElseThrow(() -> new DomainException(Failure.UNAUTHENTICATED, "account-gone",
                "the account of this token no longer exists"));
    }

    public Session changeUsername(UserId id, Username username, Optional<String> sessionId) {
        User user = profile(id);
        users.changeUsername(user, username);
        return sessions.renew(user.withUsername(username), sessionId);
    }

    /**
     * Sets a new password. An account with a password proves the current one (a wrong one counts towards the
     * login lockout); a Google-only account sets its first password with a fresh Google ID token. Every other
     * session of the user is signed out; this one gets fresh tokens.
     */
    public Session changePassword(UserId id, Optional<String> currentPassword, Optional<String> googleIdToken,
                                  String newPassword, Optional<String> sessionId) {
        User user = profile(id);
        PlainPassword chosen = PlainPassword.chosen(newPassword);
        if (user.passwordHash().isPresent()) {
            String current = currentPassword.orElseThrow(() -> DomainException.invalid("current-password-required",
                    "current_password is required to change the password"));
            requirePassword(user, current);
            if (hasher.matches(chosen, user.passwordHash().get())) {
                throw DomainException.invalid("password-unchanged",
                        "the new password must differ from the current one");
            }
        } else {
            requireGoogle(user, googleIdToken.orElseThrow(() -> DomainException.invalid("google-proof-required",
                    "this account signs in with Google: send a fresh google_id_token to set a first password")));
        }
        String hash = hasher.hash(chosen);
        users.changePassword(user.id(), hash);
        User updated = user.withPasswordHash(Optional.of(hash));
        sessions.endAllOtherSessions(updated, sessionId);
        Session renewed = sessions.renew(updated, sessionId);
        announcements.announce(new PlatformEvent.PasswordChanged(user.id(), user.passwordHash().isPresent()
                ? PlatformEvent.PasswordChanged.How.CHANGED : PlatformEvent.PasswordChanged.How.FIRST));
        return renewed;
    }

    /**
     * Deletes the account after proof, and announces {@value #USER_DELETED} to the other contexts. The event is
     * stored with the deletion; if publishing fails it stays pending rather than lost. An account that still has
     * clusters is not deleted (409, naming them): they live in the person's cloud and only Skyport removes them.
     */
    public void delete(UserId id, Optional<String> password, Optional<String> googleIdToken) {
        User user = profile(id);
        if (password.isPresent()) {
            requirePassword(user, password.get());
        } else if (googleIdToken.isPresent()) {
            requireGoogle(user, googleIdToken.get());
        } else {
            throw DomainException.invalid("proof-required",
                    "send your password, or a fresh google_id_token for a Google account, to delete the account");
        }
        List<String> remaining = dependents.stream().flatMap(d -> d.ofUser(user.id()).stream()).toList();
        if (!remaining.isEmpty()) {
            throw new DomainException(Failure.CONFLICT, "account-in-use", "delete these first, then the account: "
                    + String.join(", ", remaining));
        }
        DomainEvent deleted = DomainEvent.of(new PlatformEvent.UserDeleted(user.id()), clock.instant());
        users.delete(user, deleted);
        passwordLogin.forgetAll(user);
        try {
            events.publish(deleted);
            users.eventPublished(deleted);
        } catch (RuntimeException publishFailed) {
            LOG.warn("user.deleted {} stays pending: {}", deleted.id(), publishFailed.getClass().getSimpleName());
        }
    }

    private void requirePassword(User user, String password) {
        if (user.passwordHash().isEmpty()) {
            throw DomainException.invalid("google-proof-required",
                    "this account has no password: prove it is yours with a fresh google_id_token");
        }
        if (!passwordLogin.checkPassword(user, new PlainPassword(password))) {
            throw new DomainException(Failure.FORBIDDEN, "wrong-password", "the password is wrong");
        }
    }

    private void requireGoogle(User user, String idToken) {
        GoogleIdentity identity = googleIdTokens.verify(idToken);
        if (!user.googleSubject().map(identity.subject()::equals).orElse(false)) {
            throw new DomainException(Failure.FORBIDDEN, "google-account-mismatch",
                    "the Google ID token belongs to another Google account");
        }
        if (identity.issuedAt().isBefore(clock.instant().minus(FRESH_GOOGLE_TOKEN))) {
            throw new DomainException(Failure.FORBIDDEN, "google-token-not-fresh",
                    "sign in with Google again: the ID token must be at most 5 minutes old");
        }
    }
}
