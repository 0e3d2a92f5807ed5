package dev.skyport.cloudaccounts;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.skyport.cloudaccounts.application.UserDeletedCleanup;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;

/**
 * Subscribed to the platform-events topic (filtered to {@code user.deleted}): removes the user's cloud accounts
 * and their secrets. A failure makes Lambda retry the delivery; handling an event twice is harmless.
 */
public class UserDeletedHandler extends EventHandler<SNSEvent, Void> {

    @Inject
    UserDeletedCleanup cleanup;
    @Inject
    JsonMapper json;

    public UserDeletedHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public UserDeletedHandler(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    protected Void execute(SNSEvent input) {
        for (SNSEvent.SNSRecord record : input.getRecords()) {
            cleanup.on(EventMessage.read(json, record.getSNS().getMessage()));
        }
        return null;
    }
}
