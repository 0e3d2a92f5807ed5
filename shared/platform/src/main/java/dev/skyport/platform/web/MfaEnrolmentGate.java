package dev.skyport.platform.web;

import dev.skyport.platform.config.MfaRequired;
import dev.skyport.platform.sessions.StepUp;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Optional;

/**
 * Where two-factor sign-in is required ({@code SKYPORT_MFA_REQUIRED}: {@code everyone}, or {@code admins} for the
 * people holding ADMIN), a signed-in person without it gets 403 {@value #ENROLMENT_REQUIRED} on every API route but
 * those that enrol ({@code /me/mfa/...}), read who they are ({@code GET /me}, {@code GET /auth/session}) or keep or
 * end the session ({@code /auth/refresh}, {@code /auth/logout}): the console sends them to enrol first. The check is
 * the access token's {@value StepUp#MFA_CLAIM} claim alone (no read), which enrolling renews.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class MfaEnrolmentGate implements Ordered {

    public static final String ENROLMENT_REQUIRED = "mfa-enrolment-required";
    /** The API routes the gate guards; the console's pages, the local tools and sign-in itself it leaves alone. */
    private static final List<String> GUARDED = List.of("/me", "/admin/", "/clusters", "/cloud-accounts",
            "/notifications", "/auth/ws-ticket");

    private final MfaRequired required;

    public MfaEnrolmentGate(Settings settings) {
        this.required = settings.requiredOf();
    }

    /** {@code skyport.mfa.*}: whether two-factor sign-in is required, and of whom ({@link MfaRequired}). */
    @ConfigurationProperties("skyport.mfa")
    public record Settings(@Bindable(defaultValue = "none") String required) {

        /** Checked when read: a function with an impossible setting does not start. */
        public Settings {
            MfaRequired.parse(required);
        }

        public MfaRequired requiredOf() {
            return MfaRequired.parse(required);
        }
    }

    @RequestFilter
    public Optional<HttpResponse<Problem>> requireEnrolment(HttpRequest<?> request) {
        if (required == MfaRequired.NONE) {
            return Optional.empty();
        }
        Optional<Authentication> caller = request.getUserPrincipal(Authentication.class);
        if (caller.isEmpty() || StepUp.secondFactorOn(caller.get()) || !guarded(request)) {
            return Optional.empty();
        }
        if (required == MfaRequired.ADMINS && !caller.get().getRoles().contains("ADMIN")) {
            return Optional.empty();
        }
        return Optional.of(ProblemResponses.of(request, HttpStatus.FORBIDDEN, ENROLMENT_REQUIRED,
                "this installation requires two-factor sign-in" + (required == MfaRequired.ADMINS ? " for admins" : "")
                        + ": enrol with POST /me/mfa/totp and POST /me/mfa/totp/confirm first"));
    }

    private static boolean guarded(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.equals("/me/mfa") || path.startsWith("/me/mfa/")
                || (path.equals("/me") && request.getMethod() == HttpMethod.GET)) {
            return false;
        }
        return GUARDED.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix.endsWith("/")
                ? prefix : prefix + "/"));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
