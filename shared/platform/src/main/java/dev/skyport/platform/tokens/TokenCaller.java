package dev.skyport.platform.tokens;

import dev.skyport.kernel.TokenScope;
import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A caller who came with a personal access token: what its {@link Authentication} says besides the person (its
 * name) and the person's current roles. The attributes are the one way filters and controllers tell a token from a
 * session; a session's access token never carries {@link #TOKEN_ID}.
 */
public record TokenCaller(String tokenId, String tokenName, Set<TokenScope> scopes) {

    /** Which way the caller signed in: {@value #TOKEN} for a personal access token. */
    public static final String AUTHENTICATED_BY = "authenticated_by";
    public static final String TOKEN = "token";
    public static final String TOKEN_ID = "token_id";
    public static final String TOKEN_NAME = "token_name";
    public static final String TOKEN_SCOPES = "token_scopes";

    /** The attributes of a token's Authentication. */
    public static Map<String, Object> attributes(String tokenId, String tokenName, Set<TokenScope> scopes,
                                                 String username, boolean secondFactorOn) {
        return Map.of(AUTHENTICATED_BY, TOKEN, TOKEN_ID, tokenId, TOKEN_NAME, tokenName,
                TOKEN_SCOPES, scopes.stream().map(TokenScope::value).sorted().toList(), "username", username,
                // as a session's access token says it (StepUp.MFA_CLAIM): the enrolment gate reads it the same way
                "mfa", secondFactorOn);
    }

    /** The token behind an Authentication; empty for a session's. */
    public static Optional<TokenCaller> of(Authentication caller) {
        Map<String, Object> attributes = caller.getAttributes();
        if (!TOKEN.equals(attributes.get(AUTHENTICATED_BY)) || attributes.get(TOKEN_ID) == null) {
            return Optional.empty();
        }
        Object scopes = attributes.get(TOKEN_SCOPES);
        Set<TokenScope> held = scopes instanceof Collection<?> values ? values.stream().map(String::valueOf)
                .map(TokenScope::of).flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet()) : Set.of();
        return Optional.of(new TokenCaller(attributes.get(TOKEN_ID).toString(),
                String.valueOf(attributes.get(TOKEN_NAME)), held));
    }
}
