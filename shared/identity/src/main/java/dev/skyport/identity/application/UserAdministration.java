package dev.skyport.identity.application;

import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What an ADMIN does with other accounts: list them, set their roles. */
public class UserAdministration {

    public static final int MAX_PAGE = 100;

    private final Users users;
    private final Sessions sessions;

    public UserAdministration(Users users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    public UserPage list(Optional<String> cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and " + MAX_PAGE);
        }
        return users.page(cursor.filter(c -> !c.isBlank()), limit);
    }

    /**
     * Sets the roles. A new role takes effect at the user's next token refresh; a role taken away ends every session
     * of the user at once, so no access token still carrying it can change anything.
     */
    public User changeRoles(UserId target, Collection<String> roleNames) {
        Set<Role> roles = parse(roleNames);
        User user = users.findById(target).orElseThrow(() -> new DomainException(Failure.NOT_FOUND, "user-not-found",
                "there is no user " + target.value()));
        users.changeRoles(user, roles);
        if (!roles.containsAll(user.roles())) {
            sessions.endAllSessions(user);
        }
        return user.withRoles(roles);
    }

    private static Set<Role> parse(Collection<String> roleNames) {
        if (roleNames == null || roleNames.isEmpty()) {
            throw DomainException.invalid("invalid-roles", "roles is required, for example [\"USER\", \"ADMIN\"]");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : roleNames) {
            try {
                roles.add(Role.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("invalid-roles", "unknown role '" + name + "'; roles are USER and ADMIN");
            }
        }
        if (!roles.contains(Role.USER)) {
            throw DomainException.invalid("invalid-roles", "every account keeps the USER role");
        }
        return roles;
    }
}
