package dev.skyport.testing;

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
 * Independent checkers from npm (packages Skyport did not write), declared with a lock file in a module's test
 * sources, installed once with {@code npm ci} into a folder under {@code target}, and run with text in and out.
 * Without npm on the machine, or without the registry, the calling test is skipped with that reason.
 */
public final class NodeTools {

    private final Path source;
    private final Path work;
    private boolean installed;

    /**
     * @param source the folder with {@code package.json}, {@code package-lock.json} and the scripts
     * @param work   where they are installed (under {@code target})
     */
    public NodeTools(Path source, Path work) {
        this.source = source;
        this.work = work.toAbsolutePath();
    }

    public synchronized Path install() {
        if (installed) {
            return work;
        }
        assumeTrue(exitCode(Path.of("."), "npm", "--version") == 0,
                "the independent checkers need npm (Node.js) on this machine; skipped without it");
        try {
            Files.createDirectories(work);
            String lock = Files.readString(source.resolve("package-lock.json"));
            Path installedLock = work.resolve("package-lock.json");
            boolean current = Files.isDirectory(work.resolve("node_modules"))
                    && Files.exists(installedLock) && Files.readString(installedLock).equals(lock);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, work.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!current) {
                assumeTrue(exitCode(work, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error") == 0,
                        "npm ci could not install the checkers of " + source + " (is the npm registry reachable?)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        installed = true;
        return work;
    }

    /** Runs {@code node <script> <arguments>} with the input on stdin; answers stdout, failing on a non-zero exit. */
    public String run(String script, String input, String... arguments) {
        List<String> command = new ArrayList<>(List.of("node", install().resolve(script).toString()));
        command.addAll(List.of(arguments));
        return command(command, input);
    }

    /**
     * Runs a command in the install folder (an installed tool: {@code node_modules/.bin/<name>}); answers stdout and
     * stderr together, failing on a non-zero exit with what it printed.
     */
    public String tool(String name, String... arguments) {
        List<String> command = new ArrayList<>(List.of(install().resolve("node_modules/.bin").resolve(name)
                .toString()));
        command.addAll(List.of(arguments));
        return command(command, "");
    }

    private String command(List<String> command, String input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
            builder.environment().putIfAbsent("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            builder.environment().put("NO_COLOR", "1");
            if (command.getFirst().equals("node")) {
                builder.redirectError(ProcessBuilder.Redirect.INHERIT); // a script's stdout is its answer
            } else {
                builder.redirectErrorStream(true); // a tool's report may go to either
            }
            Process process = builder.start();
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
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(command + " finished").isTrue();
            String out = new String(output.join(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
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
