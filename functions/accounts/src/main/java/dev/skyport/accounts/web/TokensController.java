package dev.skyport.accounts.web;

import dev.skyport.identity.application.PersonalTokens;
import dev.skyport.identity.application.PersonalTokens.IssuedToken;
import dev.skyport.identity.application.PersonalTokens.PersonalToken;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.TokenScope;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.sessions.StepUp;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * The signed-in person's personal access tokens (issue 29): for scripts and CI, sent as
 * {@code Authorization: Bearer skp_...}. Managing them takes a signed-in session: a token cannot make, list or
 * revoke tokens (the platform's TokenScopeCheck answers 403 session-required).
 */
@Controller("/me/tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class TokensController {

    private final PersonalTokens tokens;
    private final StepUp stepUp;

    public TokensController(PersonalTokens tokens, StepUp stepUp) {
        this.tokens = tokens;
        this.stepUp = stepUp;
    }

    /**
     * Makes a token with a name, scopes (read, clusters:write, cloud-accounts:write, notifications:write; admin for
     * administrators) and a lifetime of 1 to 365 days. Its text (skp_...) is in this answer only: keep it now.
     */
    @Post
    @Status(HttpStatus.CREATED)
    public CreatedTokenView createToken(Authentication caller, @Nullable @Body TokenRequest request) {
        if (request == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        stepUp.require(caller); // a second factor from the last 15 minutes, for people who have one
        IssuedToken issued = tokens.create(new UserId(caller.getName()), request.name(), request.scopes(),
                request.expiresInDays());
        PersonalToken token = issued.token();
        return new CreatedTokenView(token.id(), token.name(), scopes(token), token.createdAt(), token.expiresAt(),
                issued.text());
    }

    /** Your tokens, newest first: name, scopes, when made and when they end, when and from where last used. */
    @Get
    public TokenList listTokens(Authentication caller) {
        return new TokenList(tokens.list(new UserId(caller.getName())).stream().map(TokensController::view)
                .toList());
    }

    /** Revokes one of your tokens: the next request made with it is refused. */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void revokeToken(Authentication caller, @PathVariable String id) {
        tokens.revoke(new UserId(caller.getName()), id);
    }

    private static List<String> scopes(PersonalToken token) {
        return token.scopes().stream().map(TokenScope::value).sorted().toList();
    }

    private static TokenView view(PersonalToken token) {
        return new TokenView(token.id(), token.name(), scopes(token), token.createdAt(), token.expiresAt(),
                token.lastUsedAt().orElse(null), token.lastUsedFrom().orElse(null));
    }

    /** A new token's name, scopes and lifetime in days (1 to 365). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TokenRequest(@Nullable String name,
                               @Nullable @Schema(description = "read, clusters:write, cloud-accounts:write,"
                                       + " notifications:write, admin") List<String> scopes,
                               @Nullable Integer expiresInDays) {
    }

    /** A token as listed: never its text. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TokenView(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
                            @Nullable Instant lastUsedAt, @Nullable String lastUsedFrom) {
    }

    /** A new token, with its text: shown this once. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CreatedTokenView(String id, String name, List<String> scopes, Instant createdAt,
                                   Instant expiresAt,
                                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                           description = "the token (skp_ and 36 letters or digits); shown only"
                                           + " here") String token) {
        @Override
        public String toString() {
            return "CreatedTokenView[" + id + ", ****]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TokenList(List<TokenView> tokens) {
    }
}
