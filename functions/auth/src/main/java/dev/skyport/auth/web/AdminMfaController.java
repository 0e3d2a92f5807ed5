package dev.skyport.auth.web;

import dev.skyport.identity.application.TwoFactor;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.web.AuditedRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;

/** ADMIN only: turns a person's two-factor sign-in off (lost phone and codes); every session of theirs ends. */
@Controller("/admin/users")
@Secured("ADMIN")
public class AdminMfaController {

    private final TwoFactor twoFactor;

    public AdminMfaController(TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
    }

    /** Resets a person's two-factor sign-in; the person is mailed and notified, the entry is theirs too. */
    @Delete("/{id}/mfa")
    @Status(HttpStatus.NO_CONTENT)
    public void resetUserMfa(@PathVariable String id, HttpRequest<?> http) {
        UserId person = UserId.parse(id);
        AuditedRequest.actsOn(http, person);
        twoFactor.reset(person);
    }
}
