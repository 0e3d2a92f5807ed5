package dev.skyport.cloudaccounts.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailedVerificationAddressTest {

    @Test
    void ipv4_addresses_are_counted_one_by_one() {
        assertThat(FailedVerificationLimit.addressKey("203.0.113.10")).isEqualTo("203.0.113.10");
        assertThat(FailedVerificationLimit.addressKey("203.0.113.11")).isEqualTo("203.0.113.11");
    }

    @Test
    void ipv6_addresses_of_one_slash_64_share_one_count() {
        assertThat(FailedVerificationLimit.addressKey("2001:db8:1:2::1"))
                .isEqualTo(FailedVerificationLimit.addressKey("2001:db8:1:2:ffff:ffff:ffff:fffe"))
                .isEqualTo("20010db800010002/64")
                .isNotEqualTo(FailedVerificationLimit.addressKey("2001:db8:1:3::1"));
    }

    @Test
    void a_missing_address_is_one_shared_unknown_and_nothing_is_looked_up() {
        assertThat(FailedVerificationLimit.addressKey(null)).isEqualTo("unknown");
        assertThat(FailedVerificationLimit.addressKey(" ")).isEqualTo("unknown");
        assertThat(FailedVerificationLimit.addressKey("example.com")).isEqualTo("example.com");
    }
}
