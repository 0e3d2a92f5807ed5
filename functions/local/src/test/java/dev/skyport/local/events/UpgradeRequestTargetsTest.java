package dev.skyport.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpgradeRequestTargetsTest {

    @Test
    void a_target_uri_reads_is_left_as_it_is() {
        for (String target : new String[] {"/ws", "/ws?ticket=", "/ws?ticket=abc-DEF_1.2~3", "/ws?ticket=a%2Fb&x=1"}) {
            assertThat(UpgradeRequestTargets.readable(target)).isSameAs(target);
        }
    }

    @Test
    void an_unreadable_target_has_its_unreadable_characters_escaped_and_nothing_else() {
        assertThat(UpgradeRequestTargets.readable("/ws?ticket=%zz")).isEqualTo("/ws?ticket=%25zz");
        assertThat(UpgradeRequestTargets.readable("/ws?ticket=%")).isEqualTo("/ws?ticket=%25");
        assertThat(UpgradeRequestTargets.readable("/ws?ticket=ab%2")).isEqualTo("/ws?ticket=ab%252");
        assertThat(UpgradeRequestTargets.readable("/ws?ticket=%41%zz")).isEqualTo("/ws?ticket=%41%25zz");
        assertThat(UpgradeRequestTargets.readable("/ws?ticket=a|b\"<>{}^`\\#x#y"))
                .isEqualTo("/ws?ticket=a%7Cb%22%3C%3E%7B%7D%5E%60%5C%23x%23y");
        assertThat(UpgradeRequestTargets.readable("/ws?ticket=\u00e9|")).isEqualTo("/ws?ticket=%E9%7C");
        for (String target : new String[] {"/ws?ticket=%zz", "/ws?t=%%%", "/ws?t=a|b", "/w s?t=\u00ff%g0"}) {
            URI.create(UpgradeRequestTargets.readable(target));
        }
    }
}
