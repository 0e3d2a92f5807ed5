package dev.skyport.platform.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/**
 * What a function primes before its SnapStart snapshot ({@code skyport.prime-*}, set in each function's
 * application.properties).
 *
 * @param primeTable the logical name of the table whose client is primed with one read (the one the role may read)
 * @param primeRoute the route a refused request is sent through
 */
@ConfigurationProperties("skyport")
public record PrimingSettings(@Nullable String primeTable, @Nullable String primeRoute) {

    /** {@code true} where clients are primed before a snapshot: set by CDK on SnapStart functions. */
    public static final String PRIME_CLIENTS = "skyport.prime-clients";

    public Optional<String> table() {
        return Optional.ofNullable(primeTable).filter(name -> !name.isBlank());
    }
}
