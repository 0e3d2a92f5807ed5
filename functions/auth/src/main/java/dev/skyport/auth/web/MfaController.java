package dev.skyport.auth.web;

import dev.skyport.auth.web.MfaRequests.ChangeProof;
import dev.skyport.auth.web.MfaRequests.CodeRequest;
import dev.skyport.auth.web.MfaRequests.RecoveryCodes;
import dev.skyport.auth.web.MfaRequests.TotpEnrolment;
import dev.skyport.identity.application.TwoFactor;
import dev.skyport.identity.web.SessionCookies;
import dev.skyport.identity.web.SessionView;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.sessions.LiveSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Clock;
import java.util.Optional;

/**
 * The signed-in person's two-factor sign-in (TOTP): enrol, confirm, turn off, new recovery codes. In the auth
 * function, the one that holds the key sealing the secrets and may send mail. The secret and the recovery codes are in
 * these answers only (no-store), never in a log or the audit log (which keeps the route, not the body).
 */
@Controller("/me/mfa")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class MfaController {

    private final TwoFactor twoFactor;
    private final Clock clock;

    public MfaController(TwoFactor twoFactor, Clock clock) {
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    /** A new TOTP secret and its otpauth:// URI; two-factor sign-in is on once a code from it is confirmed. */
    @Post("/totp")
    @Status(HttpStatus.CREATED)
    public MutableHttpResponse<TotpEnrolment> enrolTotp(Authentication caller) {
        TwoFactor.Enrolment enrolment = twoFactor.enrol(userId(caller));
        return HttpResponse.created(new TotpEnrolment(enrolment.secret(), enrolment.otpauthUri(),
                enrolment.confirmBy())).header("Cache-Control", "no-store");
    }

    /**
     * Turns two-factor sign-in on with a current code: ten recovery codes (shown once), this session's renewed
     * tokens; every other session ends.
     */
    @Post("/totp/confirm")
    public MutableHttpResponse<RecoveryCodes> confirmTotp(Authentication caller, @Nullable @Body CodeRequest request,
                                                          HttpRequest<?> http) {
        CodeRequest body = require(request);
        TwoFactor.Enabled enabled = twoFactor.confirm(userId(caller), body.code(), sessionId(caller));
        MutableHttpResponse<SessionView> session = SessionCookies.respond(enabled.session(), clock.instant(),
                SessionCookies.authenticatedByHeader(http));
        return session.body(new RecoveryCodes(enabled.recoveryCodes(), session.body()));
    }

    /** Turns two-factor sign-in off, with the password and a current code; every other session ends. */
    @Delete("/totp")
    public MutableHttpResponse<SessionView> disableTotp(Authentication caller, @Nullable @Body ChangeProof request,
                                                        HttpRequest<?> http) {
        return SessionCookies.respond(twoFactor.disable(userId(caller), proof(request), sessionId(caller)),
                clock.instant(), SessionCookies.authenticatedByHeader(http));
    }

    /** New recovery codes (shown once; the earlier ones stop working), with the password and a current code. */
    @Post("/recovery-codes")
    public MutableHttpResponse<RecoveryCodes> regenerateRecoveryCodes(Authentication caller,
                                                                      @Nullable @Body ChangeProof request) {
        return HttpResponse.ok(new RecoveryCodes(twoFactor.regenerateRecoveryCodes(userId(caller), proof(request),
                sessionId(caller)), null)).header("Cache-Control", "no-store");
    }

    private static TwoFactor.Proof proof(@Nullable ChangeProof request) {
        ChangeProof body = require(request);
        return new TwoFactor.Proof(MfaRequests.given(body.password()), MfaRequests.given(body.googleIdToken()),
                MfaRequests.given(body.code()), MfaRequests.given(body.recoveryCode()));
    }

    static UserId userId(Authentication caller) {
        return new UserId(caller.getName());
    }

    static Optional<String> sessionId(Authentication caller) {
        return Optional.ofNullable(caller.getAttributes().get(LiveSessions.SESSION_CLAIM)).map(Object::toString);
    }

    static <T> T require(@Nullable T body) {
        if (body == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        return body;
    }
}
