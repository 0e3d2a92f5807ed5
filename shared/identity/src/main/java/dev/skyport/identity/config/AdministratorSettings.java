package dev.skyport.identity.config;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.kernel.DomainException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code skyport.admin-emails} ({@code SKYPORT_ADMIN_EMAILS}): comma-separated addresses that become ADMIN once
 * verified, bound as a list as every list setting is. An entry that is no e-mail address stops the function from
 * starting, rather than quietly making no one an administrator.
 */
@ConfigurationProperties("skyport")
public record AdministratorSettings(@Nullable List<String> adminEmails) {

    public static final String ADMIN_EMAILS = "skyport.admin-emails";

    public AdministratorSettings {
        adminEmails = adminEmails == null ? List.of()
                : adminEmails.stream().map(String::strip).filter(address -> !address.isEmpty()).toList();
        addresses(adminEmails);
    }

    public Set<EmailAddress> addresses() {
        return addresses(adminEmails);
    }

    private static Set<EmailAddress> addresses(List<String> list) {
        return list.stream().map(AdministratorSettings::address).collect(Collectors.toSet());
    }

    private static EmailAddress address(String entry) {
        try {
            return new EmailAddress(entry);
        } catch (DomainException notAnAddress) {
            throw new IllegalArgumentException(ADMIN_EMAILS + " lists " + entry + ", which is no e-mail address");
        }
    }
}
