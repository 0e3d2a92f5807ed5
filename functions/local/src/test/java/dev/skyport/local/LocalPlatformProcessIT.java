package dev.skyport.local;

import static dev.skyport.local.TourSteps.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ApiClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local platform as a newcomer runs it: its own JVM from the packaged jar, stopped with Ctrl+C / SIGTERM. */
class LocalPlatformProcessIT {

    /** The banner's last line: everything it says is printed by then. */
    private static final String READY = "Press Ctrl+C to stop.";

    /** What the last platform started printed, up to its banner's end. */
    private List<String> banner;

    @TempDir
    Path dataDir;

    @Test
    void sigterm_stops_it_within_five_seconds_and_nothing_written_is_lost() throws Exception {
        int port = freePort();
        Process first = start(port);
        ApiClient api = new ApiClient(() -> URI.create("http://127.0.0.1:" + port));
        assertThat(api.post("/auth/signup", ApiClient.json("email", "kept@example.com", "username", "kept-name",
                "password", "correct horse battery staple")).status()).isEqualTo(202);

        first.destroy(); // SIGTERM, as Ctrl+C's SIGINT or a service manager would stop it
        assertThat(first.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();

        Process second = start(port);
        try {
            api.post("/auth/signup", ApiClient.json("email", "other@example.com", "username", "kept-name",
                    "password", "correct horse battery staple")).isProblem(409, "username-taken");
        } finally {
            second.destroy();
            assertThat(second.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void in_memory_leaves_no_folder_behind_after_sigterm() throws Exception {
        int port = freePort();
        Process platform = start(port, List.of(), List.of("--in-memory"));
        Path outbox = banner.stream().filter(line -> line.startsWith("  Outbox ")).findFirst()
                .map(line -> Path.of(line.substring("  Outbox ".length()).strip().split(" {2}")[0])).orElseThrow();
        Path home = outbox.getParent();
        try {
            assertThat(home.getFileName().toString()).startsWith("skyport-local-");
            ApiClient api = new ApiClient(() -> URI.create("http://127.0.0.1:" + port));
            assertThat(api.post("/auth/signup", ApiClient.json("email", "brief@example.com", "username", "brief",
                    "password", "correct horse battery staple")).status()).isEqualTo(202);
            assertThat(home.resolve("signing-keys.json")).isRegularFile();
        } finally {
            platform.destroy(); // SIGTERM, as Ctrl+C's SIGINT
            assertThat(platform.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
        }
        assertThat(home).doesNotExist();
    }

    @Test
    void it_listens_on_this_machine_only_and_keeps_its_files_owner_only() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.of(dataDir),
                Optional.empty()))) {
            assertThat(platform.context().getBean(EmbeddedServer.class).getHost()).isEqualTo("127.0.0.1");
            ApiClient api = new ApiClient(platform::baseUrl);
            api.post("/auth/signup", ApiClient.json("email", "files@example.com", "username", "files",
                    "password", "correct horse battery staple"));

            assertThat(permissions(dataDir)).isEqualTo("rwx------");
            assertThat(permissions(dataDir.resolve("signing-keys.json"))).isEqualTo("rw-------");
            assertThat(permissions(platform.outbox())).isEqualTo("rwx------");
            api.get("/local/outbox"); // answers once the queued mail is written
            try (Stream<Path> mails = Files.list(platform.outbox())) {
                List<Path> files = mails.toList();
                assertThat(files).isNotEmpty().allSatisfy(mail ->
                        assertThat(permissions(mail)).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void it_keeps_to_a_laptop_sized_heap_unless_told_otherwise() throws Exception {
        int port = freePort();
        Process capped = start(port);
        try {
            assertThat(banner).anySatisfy(line -> assertThat(line).matches(
                    "  JVM heap     at most (4[0-9]{2}|50[0-9]|51[0-2]) MB .*"));
        } finally {
            capped.destroy();
            assertThat(capped.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
        }
        // The child JVM went with its parent: the port is free again.
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }

        Process chosen = start(port, "-Xmx1g");
        try {
            assertThat(banner).contains("  JVM heap     at most 1024 MB (java -Xmx... -jar to choose another)");
        } finally {
            chosen.destroy();
            assertThat(chosen.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void it_starts_with_its_own_lines_only_no_framework_banner_engine_dump_or_library_warning() throws Exception {
        Process platform = start(freePort());
        try {
            assertThat(banner).noneSatisfy(line -> assertThat(line).containsAnyOf(
                    "Initializing DynamoDB Local", "InMemory:", "DbPath:", // DynamoDB Local's configuration dump
                    "|  \\/  |", "(_)",                                     // Micronaut's ASCII banner
                    "JAXB", "WARNING", "WARN "));                          // library warnings
            assertThat(banner).contains("Skyport local platform is up.");
        } finally {
            platform.destroy();
            assertThat(platform.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A newcomer's first try: --help lists the options; a wrong one is one line saying so, no stack trace. */
    @Test
    void help_lists_the_options_and_a_wrong_one_is_one_line_with_no_stack_trace() throws Exception {
        Path jar = Path.of("target/skyport-local.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process help = new ProcessBuilder(java, "-jar", jar.toString(), "--help").redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(usage).startsWith("Usage: java -jar skyport-local.jar").contains("--provisioner", "--in-memory");
        for (List<String> wrong : List.of(List.of("--bogus"), List.of("--port", "eighty"), List.of("--cloud", "x"))) {
            List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString()));
            command.addAll(wrong);
            Process refused = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).as(said).isEqualTo(2);
            assertThat(said.strip()).as(wrong.toString()).startsWith("skyport-local: ").contains("--help")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(said.strip().lines()).as(wrong.toString()).hasSize(1);
        }
    }

    private Process start(int port, String... jvmOptions) throws IOException, InterruptedException {
        return start(port, List.of(jvmOptions), List.of());
    }

    private Process start(int port, List<String> jvmOptions, List<String> options) throws IOException,
            InterruptedException {
        Path jar = Path.of("target/skyport-local.jar");
        assertThat(jar).as("the local platform jar is missing: run the package phase").isRegularFile();
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        banner = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> up = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    banner.add(line);
                    if (line.contains(READY)) {
                        // Keep draining so the child never blocks on a full pipe.
                        CompletableFuture.runAsync(() -> out.lines().forEach(ignored -> { }));
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            assertThat(up.get(120, TimeUnit.SECONDS)).as("the banner appeared").isTrue();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the local platform did not start", e);
        }
        return process;
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

}
