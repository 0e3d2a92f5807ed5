package dev.skyport.cloudaccounts.application;

import dev.skyport.identity.application.AccountManagement;
import dev.skyport.identity.domain.UserId;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventSubscriber;
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
        if (AccountManagement.USER_DELETED.equals(event.type())) {
            service.removeAllOf(new UserId(event.subject()));
        }
    }
}
