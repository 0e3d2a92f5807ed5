package dev.skyport.auth;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * The Lambda entry point of the auth function (HTTP API, payload 2.0). Singletons start eagerly, so the
 * DynamoDB client, the signing key and the password hasher are ready before the SnapStart snapshot.
 */
public class AuthHandler extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime. */
    public AuthHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public AuthHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().eagerInitSingletons(true);
    }
}
