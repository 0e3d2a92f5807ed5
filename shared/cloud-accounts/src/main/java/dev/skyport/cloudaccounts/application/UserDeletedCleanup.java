package dev.skyport.cloudaccounts.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventSubscriber;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import jakarta.inject.Singleton;

/** On {@code user.deleted}, the user's cloud accounts and their secrets are removed. */
@Singleton
public class UserDeletedCleanup implements EventSubscriber {

    private final CloudAccountService service;

    public UserDeletedCleanup(CloudAccountService service) {
        this.service = service;
    }

    @Override
    public void on(DomainEvent event) {
        // Only user.deleted is read: the subscription may carry other types, whose fields are not this one's concern.
        if (EventTypes.USER_DELETED.equals(event.type())
                && event.payload().orElseThrow() instanceof PlatformEvent.UserDeleted deleted) {
            service.removeAllOf(deleted.subject());
        }
    }
}
