package dev.skyport.platform.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where secrets are kept ({@code skyport.secrets.*}): every name begins with the prefix, which IAM policies scope
 * access to.
 */
@ConfigurationProperties("skyport.secrets")
public record SecretSettings(@Bindable(defaultValue = "skyport/") String prefix) {

    public SecretSettings {
        if (prefix == null || !prefix.matches("[A-Za-z0-9/_+=.@-]{1,64}/")) {
            throw new IllegalArgumentException("skyport.secrets.prefix must be a secret-name path ending in /, not "
                    + prefix);
        }
    }
}
