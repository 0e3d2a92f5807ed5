package dev.skyport.accounts;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * The Lambda entry point of the accounts function (HTTP API, payload 2.0). Singletons start eagerly, so clients
 * and the signing key are ready before the SnapStart snapshot.
 */
public class AccountsHandler extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime. */
    public AccountsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public AccountsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().eagerInitSingletons(true);
    }
}
