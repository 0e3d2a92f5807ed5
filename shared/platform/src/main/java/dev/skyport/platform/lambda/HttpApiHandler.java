package dev.skyport.platform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * Base of every function's HTTP API entry point (payload 2.0): the controllers answer, every log line carries the
 * invocation's request id and cold-start flag ({@link InvocationLogContext}), and singletons start eagerly when init
 * is off the request path (SnapStart, provisioned concurrency: {@link Initialization}) so clients and keys are ready
 * before the snapshot; on demand they are built as requests need them.
 */
public abstract class HttpApiHandler extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime. */
    protected HttpApiHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    protected HttpApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().eagerInitSingletons(Initialization.eager());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent input, Context context) {
        return InvocationLogContext.around(context == null ? null : context.getAwsRequestId(),
                () -> super.handleRequest(input, context));
    }
}
