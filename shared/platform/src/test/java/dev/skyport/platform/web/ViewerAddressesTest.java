package dev.skyport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ViewerAddressesTest {

    @Test
    void a_viewer_address_is_an_ip_literal_in_canonical_form_and_nothing_else() {
        assertThat(ViewerAddresses.literal("198.51.100.7")).contains("198.51.100.7");
        assertThat(ViewerAddresses.literal(" 2001:DB8::7 ")).contains("2001:db8:0:0:0:0:0:7");
        assertThat(ViewerAddresses.literal("::ffff:198.51.100.7")).contains("198.51.100.7");
        // Names would mean a DNS lookup, and a port or a list is not one address.
        for (String refused : new String[] {null, "", "localhost", "attacker.example", "999.1.1.1", "1.2.3",
                "198.51.100.7:443", "198.51.100.7, 10.0.0.1", "dead:beef", "[2001:db8::7]", "1.2.3.4.5"}) {
            assertThat(ViewerAddresses.literal(refused)).as(String.valueOf(refused)).isEmpty();
        }
    }

    @Test
    void a_short_secret_is_refused_at_start() {
        assertThatThrownBy(() -> new ViewerAddresses("too-short")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32");
    }
}
