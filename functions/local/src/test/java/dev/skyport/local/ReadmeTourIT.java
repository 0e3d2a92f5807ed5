package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyport.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's tour, pasted into bash as a newcomer pastes it, against a freshly started local platform: every
 * {@code sh} block under "## Tour" except the one for a second terminal, in order, with {@code set -euo pipefail}, so
 * a step that fails or a variable never set stops it. Only the address is changed (a free port, not 8080).
 */
class ReadmeTourIT {

    private static final String TOUR = "## Tour";
    private static final String SECOND_TERMINAL = "# In a second terminal";
    private static final String README_API = "API=http://localhost:8080";

    @Test
    void the_readme_tour_runs_top_to_bottom_as_pasted() throws Exception {
        for (String tool : List.of("bash", "curl", "jq", "oathtool")) {
            assumeTrue(onPath(tool), "the tour needs " + tool + ", which is not on this machine's PATH");
        }
        String tour = tourScript(Files.readString(readme()));
        assertThat(tour).as("the README's tour sets the API address as the test expects").contains(README_API);

        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.empty(), Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "100ms",
                LocalSettings.EXPIRY_SWEEP, "1s")))) {
            // The tour runs on real time (an expiry 30 seconds ahead): the test context's clock follows it.
            MutableClock clock = platform.context().getBean(MutableClock.class);
            Thread follower = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    clock.catchUp();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            });
            String script = "set -euo pipefail\n" + tour.replace(README_API, "API=" + platform.baseUrl());
            Process bash = new ProcessBuilder("bash", "-s").redirectErrorStream(true).start();
            bash.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            bash.getOutputStream().close();
            boolean ended = bash.waitFor(180, TimeUnit.SECONDS);
            if (!ended) {
                bash.destroyForcibly();
            }
            follower.interrupt();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ended).as("the tour ended within 3 minutes; it printed:\n" + output).isTrue();
            assertThat(bash.exitValue()).as("the tour's exit code; it printed:\n" + output).isZero();

            assertThat(output)
                    .contains("\"status\":\"verification_sent\"")
                    .contains("email-not-verified")
                    .contains("<h1>E-mail verified</h1>")
                    .contains("\"lacks_a_permission\",\"passes\",\"role\"")
                    .contains("\"ok\":true}}")
                    .contains("{\"name\":\"demo\",\"status\":\"REQUESTED\"")
                    .contains("{\"status\":\"RUNNING\",\"outputs\":{\"endpoint\":\"https://")
                    .contains("REQUESTED -> PROVISIONING", "PROVISIONING -> RUNNING")
                    .contains("\"reason\":\"missing-permissions\"")
                    .contains("{\"status\":\"UPDATING\"}")
                    .contains("\"changes\":[\"kubernetes_version: 1.32 -> 1.33\"")
                    .contains("problems/deletion-protected", "problems/stale-version")
                    .contains("{\"deletion_protection\":false}")
                    .contains("Cluster demo is running", "Cluster demo is updated", "Cluster short failed")
                    .contains("{\"add\":1,\"change\":0,\"destroy\":1}")
                    .contains("{\"marked\":4}")
                    .contains("Skyport: cluster short is FAILED", "{\"cluster.expiring\":false}")
                    .contains("{\"to\":\"DELETING\",\"reason\":\"expired\"}")
                    .contains("{\"token_type\":\"Bearer\",\"mfa_enabled\":true}")
                    .contains("\"reset_link_sent\"")
                    .contains("session-revoked")
                    .contains("user.deleted");
        }
    }

    /** Every {@code sh} block of the tour section, in order, but the one meant for a second terminal. */
    static String tourScript(String readme) {
        List<String> blocks = new ArrayList<>();
        boolean inTour = false;
        StringBuilder block = null;
        for (String line : readme.split("\n", -1)) {
            if (block != null) {
                if (line.startsWith("```")) {
                    if (!block.toString().startsWith(SECOND_TERMINAL)) {
                        blocks.add(block.toString());
                    }
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.startsWith("## ")) {
                inTour = line.equals(TOUR);
            } else if (inTour && line.equals("```sh")) {
                block = new StringBuilder();
            }
        }
        assertThat(blocks).as("sh blocks under '" + TOUR + "' in README.md").isNotEmpty();
        return String.join("\n", blocks);
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
