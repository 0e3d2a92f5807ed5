package dev.skyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An authenticator app we did not write: npm {@code otplib} reads the {@code otpauth://} URI Skyport hands out (with
 * otplib's own URI parser) and makes the codes, for the times a test asks (its moved clock). Installed by
 * {@link NodeTools} from the auth function's test sources ({@code functions/auth/src/test/node}); a test without npm
 * is skipped with that reason.
 */
public final class Authenticator {

    /** Where the checker's package.json, lock file and script are, relative to a module of {@code functions/}. */
    public static final Path SOURCES = Path.of("../auth/src/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeTools tools;
    private final String uri;

    public Authenticator(NodeTools tools, String otpauthUri) {
        this.tools = tools;
        this.uri = otpauthUri;
    }

    /** The code the app shows at {@code at}. */
    public String code(Instant at) {
        return read(at).path("codes").get(0).asText();
    }

    /** What otplib read from the URI (type, label, issuer, algorithm, digits, period) and the codes at these times. */
    public JsonNode read(Instant... at) {
        List<String> arguments = new java.util.ArrayList<>(List.of(uri));
        for (Instant instant : at) {
            arguments.add(Long.toString(instant.getEpochSecond()));
        }
        try {
            return JSON.readTree(tools.run("totp.mjs", "", arguments.toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
