package dev.skyport.accounts.web;

import dev.skyport.accounts.web.AccountRequests.DeletionProof;
import dev.skyport.accounts.web.AccountRequests.PasswordChange;
import dev.skyport.accounts.web.AccountRequests.UsernameChange;
import dev.skyport.identity.application.AccountManagement;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import dev.skyport.identity.web.SessionCookies;
import dev.skyport.identity.web.SessionView;
import dev.skyport.identity.web.UserView;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.sessions.LiveSessions;
import dev.skyport.platform.sessions.StepUp;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Clock;
import java.util.Optional;

/** The signed-in person's own account. */
@Controller("/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class MeController {

    private final AccountManagement accounts;
    private final StepUp stepUp;
    private final Clock clock;

    public MeController(AccountManagement accounts, StepUp stepUp, Clock clock) {
        this.accounts = accounts;
        this.stepUp = stepUp;
        this.clock = clock;
    }

    /** Your account: e-mail, username, roles, sign-in methods, creation time. */
    @Get
    public UserView me(Authentication caller) {
        return UserView.of(accounts.profile(userId(caller)));
    }

    /** Renames; the answer carries fresh tokens with the new username claim. */
    @Patch("/username")
    public MutableHttpResponse<SessionView> changeUsername(Authentication caller, @Body UsernameChange request,
                                                           HttpRequest<?> http) {
        UsernameChange body = require(request);
        return SessionCookies.respond(accounts.changeUsername(userId(caller), new Username(body.username()),
                sessionId(caller)), clock.instant(), SessionCookies.authenticatedByHeader(http));
    }

    /** Sets a new password; every other session is signed out and this one gets fresh tokens. */
    @Post("/password")
    public MutableHttpResponse<SessionView> changePassword(Authentication caller, @Body PasswordChange request,
                                                           HttpRequest<?> http) {
        PasswordChange body = require(request);
        if (body.newPassword() == null) {
            throw DomainException.invalid("invalid-password", "new_password is required");
        }
        return SessionCookies.respond(accounts.changePassword(userId(caller),
                Optional.ofNullable(body.currentPassword()), Optional.ofNullable(body.googleIdToken()),
                body.newPassword(), sessionId(caller)), clock.instant(), SessionCookies.authenticatedByHeader(http));
    }

    /**
     * Deletes the account for good, after proof (and, with two-factor sign-in on, a second factor under 15 minutes
     * old: 403 mfa-step-up-required); the cookies are cleared.
     */
    @Delete
    @Status(HttpStatus.NO_CONTENT)
    public MutableHttpResponse<Void> deleteAccount(Authentication caller, @Nullable @Body DeletionProof request) {
        stepUp.require(caller);
        DeletionProof body = request == null ? new DeletionProof(null, null) : request;
        accounts.delete(userId(caller), Optional.ofNullable(body.password()),
                Optional.ofNullable(body.googleIdToken()));
        MutableHttpResponse<Void> response = HttpResponse.noContent();
        SessionCookies.clear(response);
        return response;
    }

    private static UserId userId(Authentication caller) {
        return new UserId(caller.getName());
    }

    private static Optional<String> sessionId(Authentication caller) {
        return Optional.ofNullable(caller.getAttributes().get(LiveSessions.SESSION_CLAIM)).map(Object::toString);
    }

    private static <T> T require(@Nullable T body) {
        if (body == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        return body;
    }
}
