package dev.skyport.accounts.web;

import dev.skyport.accounts.web.AccountRequests.EmailPreferencesChoice;
import dev.skyport.identity.application.EventMailPreferences;
import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.Map;

/**
 * Which events the signed-in person is mailed about (docs/notifications.md, "E-mail"): every kind is on until turned
 * off. A PUT replaces the choice; an unknown kind is a 400 naming it, and changes nothing.
 */
@Controller("/me/notifications/email")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class EmailPreferencesController {

    private final EventMailPreferences preferences;

    public EmailPreferencesController(EventMailPreferences preferences) {
        this.preferences = preferences;
    }

    /** Every kind of e-mail, and whether it is on. */
    @Get
    public EmailPreferencesView current(Authentication caller) {
        return EmailPreferencesView.of(preferences.current(new UserId(caller.getName())));
    }

    /** Turns kinds on or off: {@code {"kinds":{"cluster.expiring":false}}}; a kind not named is on. */
    @Put
    public EmailPreferencesView choose(Authentication caller, @Nullable @Body EmailPreferencesChoice request) {
        if (request == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        return EmailPreferencesView.of(preferences.choose(new UserId(caller.getName()), request.kinds()));
    }

    /** @param kinds every kind of e-mail, {@code true} when it is sent */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record EmailPreferencesView(Map<String, Boolean> kinds) {
        static EmailPreferencesView of(EmailPreferences preferences) {
            return new EmailPreferencesView(preferences.asMap());
        }
    }
}
