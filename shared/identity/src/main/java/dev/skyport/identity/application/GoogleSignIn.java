package dev.skyport.identity.application;

import dev.skyport.identity.application.GoogleIdTokens.GoogleIdentity;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Logs in with a Google ID token: links to the account that holds the verified e-mail, or creates one with a
 * generated username and no password. An account is linked to one Google account for good: a token of another
 * Google account ({@code sub}) with the same address is refused. Made by {@code IdentityFactory} where a
 * {@link Mailer} exists.
 */
public class GoogleSignIn {

    private static final int USERNAME_ATTEMPTS = 8;
    private final SecureRandom random = new SecureRandom();

    private final GoogleIdTokens idTokens;
    private final Users users;
    private final IdentityRules settings;
    private final Sessions sessions;
    private final Mailer mailer;
    private final Announcements announcements;
    private final Clock clock;

    /**
     * @param mailer tells owners that Google was linked and their password removed; not subject to the per-recipient
     *               limit (it is sent once per account, and a flood must not hide it)
     */
    public GoogleSignIn(GoogleIdTokens idTokens, Users users, IdentityRules settings, Sessions sessions,
                        Mailer mailer, Announcements announcements, Clock clock) {
        this.announcements = announcements;
        this.idTokens = idTokens;
        this.users = users;
        this.settings = settings;
        this.sessions = sessions;
        this.mailer = mailer;
        this.clock = clock;
    }

    /**
     * The Google sign-in as a first step: the session, or for a person with two-factor sign-in on a challenge for
     * the second step ({@link SecondStep}).
     */
    public SignIn begin(String idToken, SecondStep secondStep) {
        User user = resolve(idToken);
        return secondStep.startOrChallenge(user, () -> sessions.start(user));
    }

    public Session signIn(String idToken) {
        return sessions.start(resolve(idToken));
    }

    /** The account of a verified Google ID token: linked, or created. */
    private User resolve(String idToken) {
        GoogleIdentity identity = idTokens.verify(idToken);
        Optional<User> existing = users.findByEmail(identity.email());
        if (existing.isPresent() && !existing.get().isAbandonedSignUp(clock.instant())) {
            return link(existing.get(), identity);
        }
        return create(identity, existing);
    }

    private User link(User user, GoogleIdentity identity) {
        if (user.googleSubject().isPresent()) {
            if (!user.googleSubject().get().equals(identity.subject())) {
                // The address now belongs to another Google account (a reassigned Workspace address, say).
                throw new DomainException(Failure.UNAUTHENTICATED, "google-account-mismatch",
                        "this e-mail address's Skyport account is linked to another Google account");
            }
            return user;
        }
        users.linkGoogleSubject(user.id(), identity.subject());
        User linked = user.withGoogleSubject(identity.subject());
        if (user.passwordHash().isPresent()) {
            // Whoever set the password may not be whoever owns the address now (pre-registration, or a stale
            // session of a shared account): the password goes, its sessions end, the owner is told.
            users.removePassword(user.id());
            sessions.endAllSessions(user);
            linked = linked.withPasswordHash(Optional.empty());
            if (user.verified()) {
                tellOwnerPasswordRemoved(user);
            }
        }
        if (!user.verified()) {
            Set<Role> roles = settings.rolesOnceVerified(user);
            users.markVerified(user, roles);
            linked = linked.verifiedNow().withRoles(roles);
        }
        return linked;
    }

    private void tellOwnerPasswordRemoved(User user) {
        announcements.announce(new PlatformEvent.GoogleLinked(user.id(), user.email().value()));
        mailer.send(new OutgoingEmail(user.email().value(), "Google sign-in was linked to your Skyport account",
                """
                Hello %s,

                someone signed in to Skyport with the Google account of this address, which is now linked to your
                Skyport account. Your password was removed and every other session was signed out.

                If it was you, sign in with Google from now on, or set a new password with "forgot password".
                If it was not you, your Google account is in someone else's hands: secure it first, then set a new
                password with "forgot password".
                """.formatted(user.username().value())));
    }

    private User create(GoogleIdentity identity, Optional<User> abandoned) {
        for (int attempt = 0; ; attempt++) {
            User user = new User(UserId.generate(), identity.email(), usernameFor(identity, attempt),
                    Optional.empty(), Optional.of(identity.subject()), Set.of(Role.USER), true,
                    clock.instant(), Optional.empty());
            user = user.withRoles(settings.rolesOnceVerified(user));
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
