package dev.skyport.platform.tokens;

import dev.skyport.kernel.TokenScope;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the personal access token a request presents, by its hash, and says whether it works now: the token is
 * there (not revoked), not past its end, its person exists and is verified, and an {@code admin} token's person is
 * still an ADMIN. Asked on every request that carries one; nothing is cached, so a revocation, a demotion or an
 * account's deletion takes effect on the next request in every function.
 */
public interface PersonalTokenLookup {

    Optional<ActiveToken> find(String tokenHash, Instant now);

    /**
     * Records that the token was used at {@code at} from {@code address}, unless that was already recorded less than
     * a minute before (a conditional write, so that concurrent requests write it once). Never fails the request.
     */
    void recordUse(String tokenHash, Instant at, String address);

    /** A token that works, with what its person is now. */
    record ActiveToken(String tokenId, String userId, String name, Set<TokenScope> scopes, Set<String> roles,
                       String username, Optional<Instant> lastUsedAt, boolean secondFactorOn) {
    }
}
