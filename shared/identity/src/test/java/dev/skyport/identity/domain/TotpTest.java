package dev.skyport.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238's own test vectors (Appendix B, SHA-1), and the window rules; otplib checks the rest (auth's ITs). */
class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void codes_match_rfc_6238_appendix_b(long time, String code) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(time)), 8)).isEqualTo(code);
    }

    @Test
    void one_step_either_side_is_accepted_and_named_two_are_not() {
        Instant now = Instant.ofEpochSecond(1_700_000_010L);
        long step = Totp.step(now);
        for (long offset = -1; offset <= 1; offset++) {
            assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + offset, 6), now))
                    .hasValue(step + offset);
        }
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2, 6), now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 2, 6), now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "12a456", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, null, now)).isEmpty();
    }

    @Test
    void base32_round_trips_and_matches_rfc_4648() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        byte[] secret = Totp.newSecret();
        assertThat(Base32.decode(Base32.encode(secret))).isEqualTo(secret);
    }

    @Test
    void the_uri_names_issuer_account_and_every_parameter() {
        assertThat(Totp.uri("Skyport", "ada lovelace@example.com", RFC_SECRET)).isEqualTo(
                "otpauth://totp/Skyport:ada%20lovelace%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Skyport&algorithm=SHA1&digits=6&period=30");
    }
}
