package dev.skyport.notifications;

import dev.skyport.platform.lambda.HttpApiHandler;
import io.micronaut.context.ApplicationContext;

/** The Lambda entry point of the notifications HTTP routes (HTTP API, payload 2.0). */
public class NotificationsHandler extends HttpApiHandler {

    /** Used by the Lambda runtime. */
    public NotificationsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public NotificationsHandler(ApplicationContext context) {
        super(context);
    }
}
