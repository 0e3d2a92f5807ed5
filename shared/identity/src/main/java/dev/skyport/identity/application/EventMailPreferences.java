package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import java.util.Map;

/** A person reads and chooses which events they are mailed about ({@link EmailPreferences}). */
public class EventMailPreferences {

    private final MailPreferences preferences;

    public EventMailPreferences(MailPreferences preferences) {
        this.preferences = preferences;
    }

    public EmailPreferences current(UserId id) {
        return preferences.recipient(id).map(MailPreferences.Recipient::preferences).orElseThrow(EventMailPreferences::gone);
    }

    /**
     * Replaces the choice: each named kind on or off, a kind not named on.
     *
     * @throws DomainException naming the field for an unknown kind; nothing is changed then
     */
    public EmailPreferences choose(UserId id, Map<String, Boolean> kinds) {
        EmailPreferences chosen = EmailPreferences.chosen(kinds);
        if (!preferences.save(id, chosen)) {
            throw gone();
        }
        return chosen;
    }

    private static DomainException gone() {
        return new DomainException(Failure.NOT_FOUND, "user-not-found", "the account no longer exists");
    }
}
