package dev.skyport.platform.lambda;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

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

    /** A bean condition: met when init is off the request path (SnapStart, provisioned concurrency). */
    public static final class OffTheRequestPath implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return eager();
        }
    }
}
