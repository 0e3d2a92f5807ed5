package dev.skyport.kernel;

/**
 * The published language between contexts: the {@link DomainEvent#type()} of every event one context announces
 * and others subscribe to (SNS filter policies match these strings).
 */
public final class EventTypes {

    /** Identity deleted an account; subject is the user id. Every context removes what the user owned. */
    public static final String USER_DELETED = "user.deleted";

    private EventTypes() {
    }
}
