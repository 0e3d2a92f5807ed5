package dev.skyport.auth.web;

import dev.skyport.auth.web.AuthRequests.ForgotPasswordRequest;
import dev.skyport.auth.web.AuthRequests.GoogleRequest;
import dev.skyport.auth.web.AuthRequests.LoginRequest;
import dev.skyport.auth.web.AuthRequests.RefreshRequest;
import dev.skyport.auth.web.AuthRequests.ResendRequest;
import dev.skyport.auth.web.AuthRequests.ResetPasswordRequest;
import dev.skyport.auth.web.AuthRequests.SignUpRequest;
import dev.skyport.auth.web.AuthRequests.VerifyRequest;
import dev.skyport.auth.web.AuthResponses.Accepted;
import dev.skyport.auth.web.AuthResponses.Caller;
import dev.skyport.auth.web.AuthResponses.Verified;
import dev.skyport.auth.web.AuthResponses.WsTicket;
import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.GoogleSignIn;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.PasswordReset;
import dev.skyport.identity.application.SecondStep;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.SignIn;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.identity.application.WsTickets;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.PersonalTokenText;
import dev.skyport.identity.web.SessionCookies;
import dev.skyport.identity.web.SessionView;
import dev.skyport.identity.web.UserView;
import dev.skyport.platform.sessions.LiveSessions;
import dev.skyport.platform.tokens.TokenCaller;
import dev.skyport.platform.web.AuditedRequest;
import dev.skyport.platform.web.SessionCookieNames;
import io.micronaut.core.annotation.Nullable;
import dev.skyport.platform.web.ClientAddress;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.CookieValue;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The JSON API of sign-in: sign-up, e-mail verification, login (password and Google), password reset, refresh,
 * logout and WebSocket tickets. The pages a mailed link opens are {@link AuthPagesController}'s.
 */
@Controller("/auth")
public class AuthController {

    private static final String BEARER = "Bearer ";

    private final SignUp signUp;
    private final EmailVerification verification;
    private final PasswordLogin passwordLogin;
    private final GoogleSignIn googleSignIn;
    private final Sessions sessions;
    private final WsTicketIssuer wsTickets;
    private final PasswordReset passwordReset;
    private final SecondStep secondStep;
    private final Clock clock;

    public AuthController(SignUp signUp, EmailVerification verification, PasswordLogin passwordLogin,
                          GoogleSignIn googleSignIn, Sessions sessions, WsTicketIssuer wsTickets,
                          PasswordReset passwordReset, SecondStep secondStep, Clock clock) {
        this.secondStep = secondStep;
        this.passwordReset = passwordReset;
        this.signUp = signUp;
        this.verification = verification;
        this.passwordLogin = passwordLogin;
        this.googleSignIn = googleSignIn;
        this.sessions = sessions;
        this.wsTickets = wsTickets;
        this.clock = clock;
    }

    /** Signs up: the answer is the same whether or not the address has an account; a verification link is mailed. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/signup")
    @Status(HttpStatus.ACCEPTED)
    public Accepted signUp(@Body SignUpRequest request, HttpRequest<?> http) {
        SignUpRequest body = require(request);
        AuditedRequest.attemptedLogin(http, body.email());
        signUp.signUp(new EmailAddress(body.email()), new Username(body.username()),
                PlainPassword.chosen(body.password()));
        return new Accepted("verification_sent",
                "if the address can be used, a verification link is on its way; open it within the hour");
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post(value = "/verify", consumes = MediaType.APPLICATION_JSON)
    public Verified verify(@Body VerifyRequest request, HttpRequest<?> http) {
        User verified = verification.verify(require(request).token());
        AuditedRequest.signedIn(http, verified.id());
        return new Verified("verified", UserView.of(verified));
    }

    /** Mails a reset link to a verified account; the answer is the same for any address. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/password/forgot")
    @Status(HttpStatus.ACCEPTED)
    public Accepted forgotPassword(@Body ForgotPasswordRequest request, HttpRequest<?> http) {
        AuditedRequest.attemptedLogin(http, require(request).email());
        passwordReset.requestReset(new EmailAddress(require(request).email()));
        return new Accepted("reset_link_sent",
                "if the address belongs to an account, a reset link is on its way; open it within the hour");
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post(value = "/password/reset", consumes = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.NO_CONTENT)
    public HttpResponse<Void> resetPassword(@Body ResetPasswordRequest request) {
        ResetPasswordRequest body = require(request);
        // The sessions that end are those of the link's account, not necessarily this browser's: no cookie is
        // touched (the link may even arrive from another site, as a form).
        passwordReset.reset(body.token(), body.newPassword());
        return HttpResponse.noContent();
    }

    /** Mails a new verification link to an unverified account; the answer is the same for any address. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/verify/resend")
    @Status(HttpStatus.ACCEPTED)
    public Accepted resend(@Body ResendRequest request, HttpRequest<?> http) {
        AuditedRequest.attemptedLogin(http, require(request).email());
        verification.resend(new EmailAddress(require(request).email()));
        return new Accepted("verification_sent",
                "if the address belongs to an unverified account, a new link is on its way");
    }

    /**
     * Logs in with the e-mail or the username and the password: an access token and a rotating refresh token; for a
     * person with two-factor sign-in on, only a challenge for {@code POST /auth/login/mfa} (no token, no cookie).
     */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/login")
    @ApiResponse(responseCode = "200", description = "the session, or the challenge of a second step",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                    oneOf = {SessionView.class, MfaRequests.SecondStepNeeded.class})))
    public MutableHttpResponse<?> login(@Body LoginRequest request, HttpRequest<?> http) {
        LoginRequest body = require(request);
        // The name tried, whatever comes of it; never the password.
        AuditedRequest.attemptedLogin(http, body.login());
        return answer(passwordLogin.signIn(body.login(), new PlainPassword(body.password()),
                ClientAddress.of(http).value()), http);
    }

    /**
     * Signs in with a Google ID token, linking or creating the account with that verified address; for a person with
     * two-factor sign-in on, only a challenge for {@code POST /auth/login/mfa}.
     */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/google")
    @ApiResponse(responseCode = "200", description = "the session, or the challenge of a second step",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                    oneOf = {SessionView.class, MfaRequests.SecondStepNeeded.class})))
    public MutableHttpResponse<?> google(@Body GoogleRequest request, HttpRequest<?> http) {
        return answer(googleSignIn.begin(require(request).idToken(), secondStep), http);
    }

    private MutableHttpResponse<?> answer(SignIn signIn, HttpRequest<?> http) {
        return switch (signIn) {
            case SignIn.Started started -> withCookies(started.session(), http);
            case SignIn.SecondStepNeeded needed -> HttpResponse.ok(new MfaRequests.SecondStepNeeded("mfa_required",
                    needed.challenge(), needed.expiresAt(), List.of("totp", "recovery_code")))
                    .header("Cache-Control", "no-store");
        };
    }

    /** Trades a refresh token (body or cookie) for new tokens; an old one presented again ends the login. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/refresh")
    public MutableHttpResponse<SessionView> refresh(@Nullable @Body RefreshRequest request,
                                                    @Nullable @CookieValue(SessionCookieNames.REFRESH) String cookie,
                                                    HttpRequest<?> http) {
        // Renewed by the refresh cookie, the session stays in the cookies: no token in the body.
        boolean tokenInBody = request != null && request.refreshToken() != null;
        Session renewed = sessions.refresh(refreshToken(request, cookie));
        AuditedRequest.signedIn(http, renewed.user().id());
        return SessionCookies.respond(renewed, clock.instant(), tokenInBody);
    }

    /** Revokes the refresh token (body or cookie) and clears the cookies. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/logout")
    @Status(HttpStatus.NO_CONTENT)
    public MutableHttpResponse<Void> logout(@Nullable @Body RefreshRequest request,
                                            @Nullable @CookieValue(SessionCookieNames.REFRESH) String cookie) {
        sessions.end(refreshToken(request, cookie));
        MutableHttpResponse<Void> response = HttpResponse.noContent();
        SessionCookies.clear(response);
        return response;
    }

    /** Who the token belongs to. */
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Get("/session")
    public Caller session(Authentication authentication) {
        Object username = authentication.getAttributes().get("username");
        return new Caller(authentication.getName(), username == null ? null : username.toString(),
                authentication.getRoles().stream().sorted().toList());
    }

    /**
     * A single-use ticket, valid 60 s, for opening the WebSocket. It names what asked for it (the session, or the
     * personal access token by its hash): the socket opens only while that still works, and closes when it ends.
     */
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Post("/ws-ticket")
    @Status(HttpStatus.CREATED)
    public WsTicket wsTicket(Authentication authentication, HttpRequest<?> http) {
        Optional<String> tokenHash = TokenCaller.of(authentication).flatMap(token -> http.getHeaders()
                .getAuthorization().filter(header -> header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .flatMap(header -> PersonalTokenText.hashIfWellFormed(header.substring(BEARER.length()).strip())));
        if (TokenCaller.of(authentication).isPresent() && tokenHash.isEmpty()) {
            // Never a ticket that names neither a session nor a token: nothing could end its socket.
            throw new DomainException(Failure.UNAUTHENTICATED, "token-refused",
                    "send the personal access token as Authorization: Bearer");
        }
        WsTicketIssuer.IssuedTicket ticket = wsTickets.issue(new WsTickets.Holder(new UserId(authentication.getName()),
                Optional.ofNullable(authentication.getAttributes().get(LiveSessions.SESSION_CLAIM))
                        .map(Object::toString), tokenHash));
        return new WsTicket(ticket.ticket(), ticket.expiresAt());
    }

    /** A new session from a sign-in: tokens in the body too, unless the client asked for cookies only. */
    private MutableHttpResponse<SessionView> withCookies(Session session, HttpRequest<?> http) {
        AuditedRequest.signedIn(http, session.user().id());
        return SessionCookies.respond(session, clock.instant(), !SessionCookies.askedForCookiesOnly(http));
    }

    private static String refreshToken(@Nullable RefreshRequest request, @Nullable String cookie) {
        return request != null && request.refreshToken() != null ? request.refreshToken() : cookie;
    }

    private static <T> T require(@Nullable T body) {
        if (body == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        return body;
    }
}
