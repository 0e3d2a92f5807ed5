package dev.skyport.identity.application;

import dev.skyport.identity.application.GoogleIdTokens.GoogleIdentity;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Logs in with a Google ID token: links to the account that holds the verified e-mail, or creates one with a
 * generated username and no password.
 */
@Singleton
public class GoogleSignIn {

    private static final int USERNAME_ATTEMPTS = 8;
    private final SecureRandom random = new SecureRandom();

    private final GoogleIdTokens idTokens;
    private final Users users;
    private final IdentitySettings settings;
    private final Sessions sessions;
    private final Clock clock;

    public GoogleSignIn(GoogleIdTokens idTokens, Users users, IdentitySettings settings, Sessions sessions,
                        Clock clock) {
        this.idTokens = idTokens;
        this.users = users;
        this.settings = settings;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Session signIn(String idToken) {
        GoogleIdentity identity = idTokens.verify(idToken);
        Optional<User> existing = users.findByEmail(identity.email());
        if (existing.isPresent() && !existing.get().isAbandonedSignUp(clock.instant())) {
            return sessions.start(link(existing.get(), identity));
        }
        return sessions.start(create(identity, existing));
    }

    private User link(User user, GoogleIdentity identity) {
        User linked = user;
        if (user.googleSubject().isEmpty()) {
            users.linkGoogleSubject(user.id(), identity.subject());
            linked = linked.withGoogleSubject(identity.subject());
        }
        if (!user.verified()) {
            // Google proves the address belongs to this person; the password of the pending sign-up was set by
            // someone who never proved it (possibly an attacker pre-registering the address), so it goes.
            users.removePassword(user.id());
            users.markVerified(user);
            linked = linked.withPasswordHash(Optional.empty()).verifiedNow();
        }
        return linked;
    }

    private User create(GoogleIdentity identity, Optional<User> abandoned) {
        for (int attempt = 0; ; attempt++) {
            User user = new User(UserId.generate(), identity.email(), usernameFor(identity, attempt),
                    Optional.empty(), Optional.of(identity.subject()), settings.rolesFor(identity.email()), true,
                    clock.instant(), Optional.empty());
            try {
                users.create(user, abandoned);
                return user;
            } catch (UsernameTakenException taken) {
                if (attempt + 1 >= USERNAME_ATTEMPTS) {
                    throw taken;
                }
            } catch (EmailTakenException raceLost) {
                // A concurrent sign-in created the account a moment ago: use it.
                return users.findByEmail(identity.email()).map(u -> link(u, identity)).orElseThrow(() -> raceLost);
            }
        }
    }

    private Username usernameFor(GoogleIdentity identity, int attempt) {
        String base = identity.email().localPart().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "");
        if (base.length() < Username.MIN_LENGTH) {
            base = "user";
        }
        base = base.substring(0, Math.min(base.length(), 20));
        return new Username(attempt == 0 ? base : base + "-" + String.format("%06d", random.nextInt(1_000_000)));
    }
}
