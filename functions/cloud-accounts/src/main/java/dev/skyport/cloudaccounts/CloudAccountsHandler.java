package dev.skyport.cloudaccounts;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/** The Lambda entry point of the cloud-accounts HTTP routes (HTTP API, payload 2.0). */
public class CloudAccountsHandler extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime. */
    public CloudAccountsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public CloudAccountsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().eagerInitSingletons(true);
    }
}
