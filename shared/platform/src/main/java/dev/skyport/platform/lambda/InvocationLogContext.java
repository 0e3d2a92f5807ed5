package dev.skyport.platform.lambda;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.PropagatedContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * What every log line written during one Lambda invocation carries, as MDC fields: the invocation's request id and
 * whether it is the first invocation of this JVM (a cold start; with SnapStart, the first after a restore). The
 * fields follow the invocation onto the threads Micronaut runs it on, and are cleared when the invocation ends,
 * however it ends. Every Skyport handler goes through here.
 */
public final class InvocationLogContext {

    public static final String REQUEST_ID = "AWSRequestId";
    public static final String COLD_START = "coldStart";

    private static final AtomicBoolean FIRST_INVOCATION = new AtomicBoolean(true);

    private InvocationLogContext() {
    }

    /** Runs one invocation with its request id and cold-start flag in the MDC. */
    public static <T> T around(String requestId, Supplier<T> invocation) {
        MDC.put(REQUEST_ID, requestId == null ? "unknown" : requestId);
        MDC.put(COLD_START, Boolean.toString(FIRST_INVOCATION.getAndSet(false)));
        // Micronaut runs controllers on an executor: the propagated context takes the MDC to that thread.
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty().plus(new MdcPropagationContext())
                .propagate()) {
            return invocation.get();
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(COLD_START);
        }
    }
}
