package dev.skyport.cloudaccounts.application;

import dev.skyport.kernel.UserId;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventSubscriber;
import dev.skyport.kernel.EventTypes;
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
        if (EventTypes.USER_DELETED.equals(event.type())) {
            service.removeAllOf(new UserId(event.subject()));
        }
    }
}
