package dev.skyport.identity.config;

import dev.skyport.identity.domain.EmailAddress;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code skyport.admin-emails} ({@code SKYPORT_ADMIN_EMAILS}): comma-separated addresses that become ADMIN once
 * verified. An entry that is no e-mail address stops the function from starting, rather than quietly making no one
 * an administrator.
 */
@ConfigurationProperties("skyport")
public record AdministratorSettings(@Bindable(defaultValue = "") String adminEmails) {

    public static final String ADMIN_EMAILS = "skyport.admin-emails";

    public AdministratorSettings {
        addresses(adminEmails);
    }

    public Set<EmailAddress> addresses() {
        return addresses(adminEmails);
    }

    private static Set<EmailAddress> addresses(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(EmailAddress::new).collect(Collectors.toSet());
    }
}
