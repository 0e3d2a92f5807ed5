package dev.skyport.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class InvocationLogContextTest {

    @Test
    void only_the_first_invocation_is_a_cold_start_and_no_invocation_leaves_its_fields_behind() {
        Map<String, String> first = InvocationLogContext.around("request-1", () -> new HashMap<>(MDC.getCopyOfContextMap()));
        assertThat(first).containsEntry("AWSRequestId", "request-1").containsEntry("coldStart", "true");
        assertThat(MDC.get("AWSRequestId")).isNull();
        assertThat(MDC.get("coldStart")).isNull();

        Map<String, String> second = new HashMap<>();
        assertThatThrownBy(() -> InvocationLogContext.around("request-2", () -> {
            second.putAll(MDC.getCopyOfContextMap());
            throw new IllegalStateException("the invocation failed");
        })).hasMessage("the invocation failed");
        assertThat(second).containsEntry("AWSRequestId", "request-2").containsEntry("coldStart", "false");
        assertThat(MDC.get("AWSRequestId")).isNull();
        assertThat(MDC.get("coldStart")).isNull();
    }
}
