package dev.skyport.identity.application;

import dev.skyport.identity.domain.User;
import java.util.List;
import java.util.Optional;

/** One page of users, newest first, and the cursor of the next page when there is one. */
public record UserPage(List<User> users, Optional<String> nextCursor) {

    public UserPage {
        users = List.copyOf(users);
    }
}
