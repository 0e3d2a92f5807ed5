package dev.skyport.platform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.executor.FunctionInitializer;

/**
 * Base of every function's event entry point (SNS, EventBridge schedule): the subclass's {@code @Inject} fields are
 * injected from the application context, every log line carries the invocation's request id and cold-start flag
 * ({@link InvocationLogContext}), and singletons start eagerly under SnapStart ({@link Initialization}). Unlike Micronaut's
 * {@code MicronautRequestHandler}, it registers no bean per invocation.
 */
public abstract class EventHandler<I, O> extends FunctionInitializer implements RequestHandler<I, O> {

    /** Used by the Lambda runtime. */
    protected EventHandler() {
        super();
        ClassPriming.beforeSnapshot(getClass(), applicationContext);
    }

    /** Runs the handler on a context the caller built, as tests do. */
    protected EventHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().eagerInitSingletons(Initialization.eager());
    }

    @Override
    public final O handleRequest(I input, Context context) {
        return InvocationLogContext.around(context == null ? null : context.getAwsRequestId(), () -> execute(input));
    }

    /** Handles one event. */
    protected abstract O execute(I input);
}
