package dev.skyport.cloudaccounts;

import dev.skyport.platform.lambda.HttpApiHandler;
import io.micronaut.context.ApplicationContext;

/** The Lambda entry point of the cloud-accounts HTTP routes (HTTP API, payload 2.0). */
public class CloudAccountsHandler extends HttpApiHandler {

    /** Used by the Lambda runtime. */
    public CloudAccountsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public CloudAccountsHandler(ApplicationContext context) {
        super(context);
    }
}
