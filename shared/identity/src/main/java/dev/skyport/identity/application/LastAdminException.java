package dev.skyport.identity.application;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;

/** The change would leave Skyport without an administrator. */
public final class LastAdminException extends DomainException {
    public LastAdminException() {
        super(Failure.CONFLICT, "last-admin",
                "this is the last ADMIN account; make another account ADMIN first");
    }
}
