package dev.skyport.identity.application;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;

public final class UsernameTakenException extends DomainException {
    public UsernameTakenException(String username) {
        super(Failure.CONFLICT, "username-taken", "the username '" + username + "' is taken; choose another one");
    }
}
