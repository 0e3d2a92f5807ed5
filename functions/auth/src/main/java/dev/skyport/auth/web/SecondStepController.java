package dev.skyport.auth.web;

import dev.skyport.auth.web.MfaRequests.CodeRequest;
import dev.skyport.auth.web.MfaRequests.SecondStepRequest;
import dev.skyport.auth.web.MfaRequests.SteppedUp;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.TwoFactor;
import dev.skyport.identity.web.SessionCookies;
import dev.skyport.identity.web.SessionView;
import dev.skyport.platform.sessions.StepUp;
import dev.skyport.platform.web.AuditedRequest;
import dev.skyport.platform.web.ClientAddress;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Clock;

/** The second factor at sign-in, and again before a sensitive action (step-up). */
@Controller("/auth")
public class SecondStepController {

    private final TwoFactor twoFactor;
    private final Clock clock;

    public SecondStepController(TwoFactor twoFactor, Clock clock) {
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    /**
     * The second sign-in step: the challenge the first step answered with and a current code (or a recovery code);
     * the session, as a login gives it. Wrong codes count towards the login throttle.
     */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post("/login/mfa")
    public MutableHttpResponse<SessionView> completeMfaLogin(@Nullable @Body SecondStepRequest request,
                                                             HttpRequest<?> http) {
        SecondStepRequest body = MfaController.require(request);
        Session session = twoFactor.completeSignIn(body.challenge(), MfaRequests.given(body.code()),
                MfaRequests.given(body.recoveryCode()), ClientAddress.of(http).value());
        AuditedRequest.signedIn(http, session.user().id());
        return SessionCookies.respond(session, clock.instant(), !SessionCookies.askedForCookiesOnly(http));
    }

    /** Proves a second factor again in this session: sensitive actions are allowed for the next 15 minutes. */
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Post("/mfa/step-up")
    public SteppedUp stepUp(Authentication caller, @Nullable @Body CodeRequest request) {
        CodeRequest body = MfaController.require(request);
        return new SteppedUp(twoFactor.stepUp(MfaController.userId(caller), MfaController.sessionId(caller),
                MfaRequests.given(body.code()), MfaRequests.given(body.recoveryCode())).plus(StepUp.FRESHNESS));
    }
}
