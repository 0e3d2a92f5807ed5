package dev.skyport.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PersonalTokenTextTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void a_token_is_the_prefix_30_random_base62_characters_and_their_checksum() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String token = PersonalTokenText.generate();
            assertThat(token).matches("skp_[0-9A-Za-z]{36}");
            assertThat(PersonalTokenText.hashIfWellFormed(token)).contains(OpaqueToken.hash(token));
            assertThat(seen.add(token)).isTrue();
        }
        // 30 characters of 62 each: log2(62^30) = 178.6 bits, above the 160 asked for.
        assertThat(30 * Math.log(62) / Math.log(2)).isGreaterThan(160);
    }

    @Test
    void every_mistyped_character_and_every_swap_of_neighbours_is_refused_without_a_lookup() {
        String token = PersonalTokenText.generate();
        for (int at = PersonalTokenText.PREFIX.length(); at < token.length(); at++) {
            for (char other : BASE62.toCharArray()) {
                if (other == token.charAt(at)) {
                    continue;
                }
                String typo = token.substring(0, at) + other + token.substring(at + 1);
                assertThat(PersonalTokenText.hashIfWellFormed(typo)).as(typo).isEmpty();
            }
            if (at + 1 < token.length() && token.charAt(at) != token.charAt(at + 1)) {
                String swapped = token.substring(0, at) + token.charAt(at + 1) + token.charAt(at)
                        + token.substring(at + 2);
                assertThat(PersonalTokenText.hashIfWellFormed(swapped)).as(swapped).isEmpty();
            }
        }
        assertThat(PersonalTokenText.hashIfWellFormed(token + "x")).isEmpty();
        assertThat(PersonalTokenText.hashIfWellFormed(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(PersonalTokenText.hashIfWellFormed(token.replace("skp_", "SKP_"))).isEmpty();
        assertThat(PersonalTokenText.hashIfWellFormed(token.substring(0, 10) + "-" + token.substring(11))).isEmpty();
        assertThat(PersonalTokenText.hashIfWellFormed(null)).isEmpty();
    }

    /**
     * The pattern docs/api.md gives secret scanners finds every token, in text around it, with grep's own regular
     * expressions (POSIX extended, not Java's), and finds nothing in a JWT, a refresh token or a near miss.
     */
    @Test
    void the_documented_scanner_pattern_finds_tokens_with_grep() throws Exception {
        String documented = documentedPattern();
        assertThat(documented).isEqualTo("skp_[0-9A-Za-z]{36}");
        String token = PersonalTokenText.generate();
        String text = String.join("\n", "export SKYPORT_TOKEN=" + token, "curl -H 'Authorization: Bearer "
                        + token + "'", "skp_tooshort", OpaqueToken.generate(),
                "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl");
        List<String> found = grep(documented, text);
        assertThat(found).containsExactly(token, token);
        Matcher inJava = Pattern.compile(documented).matcher(text);
        assertThat(inJava.find()).isTrue();
        assertThat(PersonalTokenText.PATTERN.pattern()).contains(documented);
    }

    private static String documentedPattern() throws IOException {
        Path docs = Path.of("../../docs/api.md");
        Matcher line = Pattern.compile("secret scanners[^\\n]*?`([^`]+)`").matcher(Files.readString(docs));
        assertThat(line.find()).as("docs/api.md names the pattern for secret scanners").isTrue();
        return line.group(1);
    }

    private static List<String> grep(String pattern, String text) throws Exception {
        Process grep = new ProcessBuilder("grep", "-oE", pattern).redirectErrorStream(true).start();
        grep.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        grep.getOutputStream().close();
        String out = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        grep.waitFor();
        return out.lines().toList();
    }
}
