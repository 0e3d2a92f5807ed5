package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import java.util.Optional;

/**
 * A person's e-mail preferences, kept on the person's own item so that the mail sent for an event costs one read:
 * the address and the preferences together.
 */
public interface MailPreferences {

    /** The person and what they want mailed; empty when there is no such person. */
    Optional<Recipient> recipient(UserId id);

    /** Replaces the preferences; false when there is no such person. */
    boolean save(UserId id, EmailPreferences preferences);

    /** A person as a mail for an event needs them. */
    record Recipient(User user, EmailPreferences preferences) {
    }
}
