package dev.skyport.accounts;

import dev.skyport.platform.lambda.HttpApiHandler;
import io.micronaut.context.ApplicationContext;

/**
 * The Lambda entry point of the accounts function (HTTP API, payload 2.0). Singletons start eagerly, so clients
 * and the signing key are ready before the SnapStart snapshot.
 */
public class AccountsHandler extends HttpApiHandler {

    /** Used by the Lambda runtime. */
    public AccountsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public AccountsHandler(ApplicationContext context) {
        super(context);
    }
}
