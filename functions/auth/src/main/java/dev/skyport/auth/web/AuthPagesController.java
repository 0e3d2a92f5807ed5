package dev.skyport.auth.web;

import dev.skyport.identity.domain.User;
import dev.skyport.platform.web.AuditedRequest;
import io.micronaut.http.HttpRequest;

import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.PasswordReset;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.web.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/**
 * The pages a mailed link opens, and their forms: HTML for a person in a browser (strict CSP, no script; see
 * {@link AuthPages}). The same actions for an app are {@link AuthController}'s JSON routes on the same paths, chosen
 * by the request's content type.
 */
@Controller("/auth")
public class AuthPagesController {

    private final EmailVerification verification;
    private final PasswordReset passwordReset;

    public AuthPagesController(EmailVerification verification, PasswordReset passwordReset) {
        this.verification = verification;
        this.passwordReset = passwordReset;
    }

    /** The link in the mail: a page whose button verifies. Opening it (or a scanner fetching it) changes nothing. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get(value = "/verify", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> verifyPage(@Nullable @QueryValue String token) {
        return AuthPages.respond(HttpResponse.ok(), AuthPages.verifyForm(token));
    }

    /** The button of the verification page. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post(value = "/verify", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<String> verifyFromPage(@Body Map<String, String> form, HttpRequest<?> http) {
        try {
            User verified = verification.verify(form.get("token"));
            AuditedRequest.signedIn(http, verified.id());
            return AuthPages.respond(HttpResponse.ok(), AuthPages.verified(verified.username().value()));
        } catch (DomainException refused) {
            return refusedPage(refused);
        }
    }

    /** The link in the reset mail: a page with the new-password form. Opening it uses nothing up. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get(value = "/password/reset", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> resetPasswordPage(@Nullable @QueryValue String token) {
        return AuthPages.respond(HttpResponse.ok(), AuthPages.resetForm(token));
    }

    /** The form of the reset page. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post(value = "/password/reset", consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<String> resetPasswordFromPage(@Body Map<String, String> form) {
        try {
            passwordReset.reset(form.get("token"), form.get("new_password"));
            return AuthPages.respond(HttpResponse.ok(), AuthPages.passwordReset());
        } catch (DomainException refused) {
            return refusedPage(refused);
        }
    }

    /** A refusal of a page's form, as a page: the status and detail the JSON route would give. */
    private static HttpResponse<String> refusedPage(DomainException refused) {
        return AuthPages.respond(HttpResponse.status(ProblemResponses.statusOf(refused.failure())),
                AuthPages.refused(refused.getMessage()));
    }
}
