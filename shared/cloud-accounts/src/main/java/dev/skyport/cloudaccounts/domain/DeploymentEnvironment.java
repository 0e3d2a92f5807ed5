package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import java.util.Locale;

/** What the person uses the cloud account for. */
public enum DeploymentEnvironment {
    PROD,
    DEV,
    UAT,
    SANDBOX,
    OTHER;

    public static DeploymentEnvironment parse(String value) {
        try {
            return valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("invalid-environment",
                    "environment must be one of prod, dev, uat, sandbox, other");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
