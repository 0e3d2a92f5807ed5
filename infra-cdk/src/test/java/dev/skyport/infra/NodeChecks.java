package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The independent checkers of {@code src/test/node} (npm packages Skyport did not write: an HCL parser and
 * formatter, an IAM policy simulator, the ASL validator), installed once from the lock file into
 * {@code target/node-checks}, and their scripts run with text in and out. Without npm on the machine, or without the
 * registry, the calling test is skipped with that reason.
 */
final class NodeChecks {

    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/node-checks").toAbsolutePath();
    private static boolean installed;

    private NodeChecks() {
    }

    static synchronized Path install() {
        if (installed) {
            return WORK;
        }
        assumeTrue(exitCode(Path.of("."), "npm", "--version") == 0,
                "the independent checkers need npm (Node.js) on this machine; skipped without it");
        try {
            Files.createDirectories(WORK);
            String lock = Files.readString(SOURCE.resolve("package-lock.json"));
            Path installedLock = WORK.resolve("package-lock.json");
            boolean current = Files.isDirectory(WORK.resolve("node_modules"))
                    && Files.exists(installedLock) && Files.readString(installedLock).equals(lock);
            try (Stream<Path> files = Files.list(SOURCE)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!current) {
                assumeTrue(exitCode(WORK, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error") == 0,
                        "npm ci could not install the checkers of src/test/node (is the npm registry reachable?)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        installed = true;
        return WORK;
    }

    /** Runs {@code node <script> <arguments>} with the input on stdin; answers stdout, failing on a non-zero exit. */
    static String run(String script, String input, String... arguments) {
        Path work = install();
        List<String> command = new ArrayList<>(List.of("node", work.resolve(script).toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(script + " finished").isTrue();
            String out = new String(output.join(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(script + ": " + out).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int exitCode(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(300, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException absent) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
