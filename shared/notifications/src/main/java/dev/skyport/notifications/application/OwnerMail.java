package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;

/**
 * Tells a person by e-mail, through identity (which knows the address and the person's e-mail preferences): in AWS a
 * message on identity's event-mail queue, on the local platform the same consumer in-process. Only for events that
 * do not travel on the platform-events topic ({@code channel.disabled}), so the function that posts to people's
 * receivers may not publish there. At least once: the mail's consumer claims the event's id.
 */
public interface OwnerMail {

    void tell(DomainEvent event);
}
