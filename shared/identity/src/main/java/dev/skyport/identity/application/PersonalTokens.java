package dev.skyport.identity.application;

import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.kernel.PersonalTokenText;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.TokenScope;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A person's personal access tokens (issue 29): made with a name, scopes and a lifetime of at most a year, shown
 * once, kept only as the SHA-256 of their text; listed with when and from where each was last used; revoked by id.
 * Only an ADMIN may make a token with the {@code admin} scope. Requests made with a token are checked by the
 * platform ({@code PersonalTokenValidator}, {@code TokenScopeCheck}); this is only their management, which takes a
 * signed-in session.
 */
@Singleton
public class PersonalTokens {

    public static final int MAX_DAYS = 365;
    public static final int MAX_NAME_LENGTH = 64;
    /** Enough for every script a person runs; a bound on what one account can store. */
    public static final int MAX_TOKENS = 50;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:-]*");

    private final PersonalTokenStore store;
    private final Users users;
    private final Announcements announcements;
    private final Clock clock;

    public PersonalTokens(PersonalTokenStore store, Users users, Announcements announcements, Clock clock) {
        this.store = store;
        this.users = users;
        this.announcements = announcements;
        this.clock = clock;
    }

    /** A new token; its text is in the answer and nowhere else, ever. */
    public IssuedToken create(UserId owner, String name, List<String> scopes, Integer expiresInDays) {
        String checkedName = checkedName(name);
        if (expiresInDays == null || expiresInDays < 1 || expiresInDays > MAX_DAYS) {
            throw DomainException.invalid("invalid-expiry", "expires_in_days must be a whole number of days from 1"
                    + " to " + MAX_DAYS);
        }
        User person = users.findById(owner).orElseThrow(() -> new DomainException(Failure.UNAUTHENTICATED,
                "unauthenticated", "the account is gone"));
        Set<TokenScope> checkedScopes = checkedScopes(scopes, person.roles().contains(Role.ADMIN));
        if (store.countOf(owner) >= MAX_TOKENS) {
            throw new DomainException(Failure.CONFLICT, "too-many-tokens", "you have " + MAX_TOKENS
                    + " tokens already: revoke one you no longer use first");
        }
        // Stored to the millisecond: the answer says what a later list says.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String text = PersonalTokenText.generate();
        PersonalToken token = new PersonalToken(UUID.randomUUID().toString(), owner, checkedName, checkedScopes, now,
                now.plus(Duration.ofDays(expiresInDays)), Optional.empty(), Optional.empty());
        store.save(OpaqueToken.hash(text), token);
        return new IssuedToken(text, token);
    }

    public List<PersonalToken> list(UserId owner) {
        return store.ofPerson(owner);
    }

    /**
     * Revokes the person's token; another person's id, or one that is gone, is not found. Its next request is refused
     * in every function (nothing is cached), and the live connections opened with its tickets close
     * ({@link PlatformEvent.TokenRevoked}).
     */
    public void revoke(UserId owner, String tokenId) {
        if (tokenId == null || !dev.skyport.kernel.UuidText.matches(tokenId) || !store.delete(owner, tokenId)) {
            throw new DomainException(Failure.NOT_FOUND, "not-found", "you have no token with this id");
        }
        announcements.announce(new PlatformEvent.TokenRevoked(owner, tokenId));
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw DomainException.invalid("invalid-token-name", "name is required: what the token is for");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME_LENGTH || !NAME.matcher(stripped).matches()) {
            throw DomainException.invalid("invalid-token-name", "name must be 1 to " + MAX_NAME_LENGTH
                    + " characters: letters, digits, spaces and . _ : - (starting with a letter or digit)");
        }
        return stripped;
    }

    private static Set<TokenScope> checkedScopes(List<String> scopes, boolean admin) {
        if (scopes == null || scopes.isEmpty()) {
            throw DomainException.invalid("invalid-scope", "scopes must name at least one of read, clusters:write,"
                    + " cloud-accounts:write, notifications:write, admin");
        }
        Set<TokenScope> checked = EnumSet.noneOf(TokenScope.class);
        for (String scope : scopes) {
            TokenScope known = TokenScope.of(scope).orElseThrow(() -> DomainException.invalid("invalid-scope",
                    "scopes names " + bounded(scope) + ", which is no scope (read, clusters:write, cloud-accounts:write,"
                            + " notifications:write, admin)"));
            if (known == TokenScope.ADMIN && !admin) {
                throw DomainException.invalid("invalid-scope", "scopes may hold admin only for administrators");
            }
            checked.add(known);
        }
        return Set.copyOf(checked);
    }

    private static String bounded(String text) {
        String value = String.valueOf(text);
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    /** A token as its person sees it: never its text. */
    public record PersonalToken(String id, UserId owner, String name, Set<TokenScope> scopes, Instant createdAt,
                                Instant expiresAt, Optional<Instant> lastUsedAt, Optional<String> lastUsedFrom) {
    }

    /** A new token and its text, which is shown this once. */
    public record IssuedToken(String text, PersonalToken token) {
        @Override
        public String toString() {
            return "IssuedToken[" + token.id() + ", ****]";
        }
    }
}
