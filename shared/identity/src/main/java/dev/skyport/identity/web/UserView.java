package dev.skyport.identity.web;

import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user as the API shows it: never a password hash, never a Google subject, never a second factor's secret (only
 * whether two-factor sign-in is on).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record UserView(String id, String email, String username, List<String> roles, boolean verified,
                       List<String> signInMethods, Instant createdAt, boolean mfaEnabled) {

    public static UserView of(User user) {
        List<String> methods = new ArrayList<>();
        user.passwordHash().ifPresent(hash -> methods.add("password"));
        user.googleSubject().ifPresent(subject -> methods.add("google"));
        return new UserView(user.id().value(), user.email().value(), user.username().value(),
                user.roles().stream().map(Role::name).sorted().toList(), user.verified(), methods, user.createdAt(),
                user.secondFactor());
    }
}
