package dev.skyport.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InitializationTest {

    @Test
    void singletons_are_built_up_front_only_when_init_is_off_the_request_path() {
        assertThat(Initialization.eager("snap-start")).isTrue();
        assertThat(Initialization.eager("provisioned-concurrency")).isTrue();
        // A person waits for an on-demand init; tests and the local platform set nothing.
        assertThat(Initialization.eager("on-demand")).isFalse();
        assertThat(Initialization.eager(null)).isFalse();
    }
}
