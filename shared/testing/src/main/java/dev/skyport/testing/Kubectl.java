package dev.skyport.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code kubectl}, the oracle for the kubeconfigs Skyport writes: it reads one as every Kubernetes client
 * does ({@code kubectl config view}), offline. Where the machine has none (Debian's {@code kubernetes-client}
 * package; {@code .ci/run} installs it), the calling test is skipped saying so, never passed.
 *
 * <p>kubectl runs with a clean environment: a home of its own (no {@code ~/.kube/config} of the machine is merged
 * in) and a {@code PATH} with nothing on it, so that no exec plugin ({@code aws}, {@code kubelogin},
 * {@code gke-gcloud-auth-plugin}) can ever run, even where {@code kubectl} is the Google Cloud SDK's dispatcher, which
 * may ask the server its version before it dispatches.
 */
public final class Kubectl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> WHERE = List.of(Path.of("/usr/bin/kubectl"), Path.of("/usr/local/bin/kubectl"));

    private final Path binary;

    private Kubectl(Path binary) {
        this.binary = binary;
    }

    /**
     * The machine's kubectl ({@code $KUBECTL} when set, to try another version); skips the calling test, with the
     * reason, when there is none.
     */
    public static Kubectl onThisMachine() {
        Path found = Stream.concat(Optional.ofNullable(System.getenv("KUBECTL")).map(Path::of).stream(),
                WHERE.stream()).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(found != null, "kubectl is not installed (Debian package kubernetes-client, which .ci/run"
                + " installs): the kubeconfig is not read by a real kubectl on this machine; test skipped");
        return new Kubectl(found);
    }

    /**
     * Whether this kubectl keeps an exec plugin's {@code interactiveMode} (kubectl 1.22 and later; Debian 12's
     * kubernetes-client is 1.20, which reads the kubeconfig all the same and drops the field).
     */
    public static boolean knowsInteractiveMode(JsonNode exec) {
        return exec.has("interactiveMode");
    }

    /**
     * {@code kubectl config view --kubeconfig <file> -o json <flags>} ({@code --raw}, {@code --minify}...): the
     * kubeconfig as kubectl understood it. Fails when kubectl refuses the file.
     */
    public JsonNode view(Path kubeconfig, String... flags) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "config", "view", "--kubeconfig",
                kubeconfig.toAbsolutePath().toString(), "-o", "json"));
        command.addAll(List.of(flags));
        Path home = null;
        try {
            home = Files.createTempDirectory("kubectl-home");
            Path emptyPath = Files.createDirectories(home.resolve("bin"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.put("HOME", home.toString());
            environment.put("PATH", emptyPath.toString());
            Path errors = home.resolve("stderr");
            Process process = builder.redirectError(errors.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl config view did not end within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl refused the kubeconfig (exit " + process.exitValue() + "): "
                        + Files.readString(errors));
            }
            return JSON.readTree(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while kubectl ran", e);
        } finally {
            deleteQuietly(home);
        }
    }

    private static void deleteQuietly(Path home) {
        if (home == null) {
            return;
        }
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Reads {@code yaml} as a kubeconfig file, with {@link #view}. */
    public JsonNode view(String yaml, String... flags) {
        try {
            Path file = Files.createTempFile("skyport", ".kubeconfig");
            Files.writeString(file, yaml);
            try {
                return view(file, flags);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
