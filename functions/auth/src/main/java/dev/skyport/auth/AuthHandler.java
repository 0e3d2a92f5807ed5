package dev.skyport.auth;

import dev.skyport.platform.lambda.HttpApiHandler;
import io.micronaut.context.ApplicationContext;

/**
 * The Lambda entry point of the auth function (HTTP API, payload 2.0). Singletons start eagerly, so the
 * DynamoDB client, the signing key and the password hasher are ready before the SnapStart snapshot.
 */
public class AuthHandler extends HttpApiHandler {

    /** Used by the Lambda runtime. */
    public AuthHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public AuthHandler(ApplicationContext context) {
        super(context);
    }
}
