package dev.skyport.platform.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;

/**
 * How this sandbox is being initialised, from {@code AWS_LAMBDA_INITIALIZATION_TYPE}. With SnapStart
 * ({@code snap-start}) or provisioned concurrency, init is off the request path: build every singleton (and prime
 * the clients) before the snapshot. On demand (the variable's {@code on-demand}, and anywhere it is unset, as in
 * tests and on the local platform) init is the cold start a person waits for: build only what a request asks for.
 */
public final class Initialization {

    private Initialization() {
    }

    /** Whether singletons should be built before the first request. */
    public static boolean eager() {
        return eager(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    static boolean eager(String initializationType) {
        return "snap-start".equals(initializationType) || "provisioned-concurrency".equals(initializationType);
    }

    /**
     * The application context of an HTTP function in Lambda: Micronaut's Lambda environments and eager
     * configuration, with every singleton built at start only when {@link #eager()}. Not micronaut-function-aws's
     * {@code LambdaApplicationContextBuilder}: it asks for every singleton at start whatever the init, and a later
     * {@code eagerInitSingletons(false)} cannot take that back, so an on-demand cold start built every AWS client.
     */
    public static ApplicationContextBuilder contextBuilder() {
        return contextBuilder(eager());
    }

    static ApplicationContextBuilder contextBuilder(boolean eager) {
        return ApplicationContext.builder(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .eagerInitConfiguration(true)
                .eagerInitSingletons(eager);
    }

    /** A bean condition: met when init is off the request path (SnapStart, provisioned concurrency). */
    public static final class OffTheRequestPath implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return eager();
        }
    }
}
