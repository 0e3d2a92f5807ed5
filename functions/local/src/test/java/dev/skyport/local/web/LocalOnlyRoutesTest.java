package dev.skyport.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalOnlyRoutesTest {

    @Test
    void only_loopback_clients_reach_the_local_routes() {
        assertThat(LocalOnlyRoutes.isThisMachine("127.0.0.1")).isTrue();
        assertThat(LocalOnlyRoutes.isThisMachine("127.4.5.6")).isTrue();
        assertThat(LocalOnlyRoutes.isThisMachine("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(LocalOnlyRoutes.isThisMachine("::1")).isTrue();

        assertThat(LocalOnlyRoutes.isThisMachine("192.168.1.20")).isFalse();
        assertThat(LocalOnlyRoutes.isThisMachine("10.0.0.127")).isFalse();
        assertThat(LocalOnlyRoutes.isThisMachine("fe80:0:0:0:0:0:0:1")).isFalse();
        assertThat(LocalOnlyRoutes.isThisMachine("unknown")).isFalse();
        assertThat(LocalOnlyRoutes.isThisMachine("localhost.attacker.example")).isFalse();
    }
}
