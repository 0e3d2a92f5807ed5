package dev.skyport.identity.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code skyport.identity.mail-work.*}: how the mail queue's consumer claims a request.
 *
 * @param lease how long a claimed request is kept from other deliveries; longer than one attempt may take (the
 *              mail-work Lambda's timeout), shorter than the queue's visibility timeout, so that the delivery after
 *              a crashed attempt finds the lease over and does the work
 */
@ConfigurationProperties(MailWorkSettings.PREFIX)
public record MailWorkSettings(@Bindable(defaultValue = "2m") Duration lease) {

    public static final String PREFIX = "skyport.identity.mail-work";

    public MailWorkSettings {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".lease must be a positive duration, not " + lease);
        }
    }
}
