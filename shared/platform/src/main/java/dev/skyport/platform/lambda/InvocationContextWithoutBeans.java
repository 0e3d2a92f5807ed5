package dev.skyport.platform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Replaces Micronaut's {@link DefaultLambdaContextFactory}, which registers each invocation's Lambda {@code Context}
 * and logger as new singletons (micronaut-function-aws 4.11.0): two bean definitions more per call, never removed,
 * so a warm function grew and slowed with every request (5,000 calls: 407 definitions became 10,407 and the calls
 * took 10 times as long). No Skyport bean injects the Lambda context; the request id reaches the logs through
 * {@link InvocationLogContext}.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
@Requires(classes = DefaultLambdaContextFactory.class)
public class InvocationContextWithoutBeans implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // Nothing: see the class comment.
    }
}
