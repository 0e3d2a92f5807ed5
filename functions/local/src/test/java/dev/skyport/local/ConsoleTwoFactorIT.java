package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.testing.LocalGoogleIdp;
import dev.skyport.testing.MutableClock;
import dev.skyport.testing.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two-factor sign-in in a real browser where this Skyport requires it of everyone ({@code skyport.mfa.required}):
 * a person who signs in with Google only is sent to enrol before anything else, told why, and brought back to the
 * page they asked for; without a password, turning it off takes a fresh Google sign-in and a code. Debian's Chromium,
 * driven by playwright-core, runs {@code shared/console/src/test/browser/two-factor-required.mjs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTwoFactorIT {

    private static final Path CONSOLE = Path.of("../../shared/console").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(Optional.ofNullable(System.getenv("CHROMIUM"))
            .orElse("/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    private LocalPlatform platform;
    private LocalGoogleIdp google;

    @BeforeAll
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM), "the browser check needs Chromium at " + CHROMIUM
                + " (apt-get install chromium; .ci/run installs it); skipped without it");
        assumeTrue(Files.isDirectory(CONSOLE.resolve("node_modules/playwright-core")),
                "the console's build (shared/console, npm ci) has not installed playwright-core");
        google = new LocalGoogleIdp();
        Map<String, Object> properties = new HashMap<>(google.properties());
        properties.put("skyport.mfa.required", "everyone");
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), properties));
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (google != null) {
            google.close();
        }
    }

    @Test
    void a_google_only_person_enrols_first_comes_back_and_turns_it_off_through_google() throws Exception {
        NodeTools console = new NodeTools(CONSOLE, CONSOLE);
        JsonNode report = new ObjectMapper().readTree(console.run("src/test/browser/two-factor-required.mjs", "",
                platform.baseUrl().toString().replaceAll("/$", ""), SCREENSHOTS.toString(),
                Long.toString(platform.context().getBean(MutableClock.class).instant().getEpochSecond())));

        List<String> steps = new ArrayList<>();
        report.path("steps").forEach(step -> steps.add(step.path("name").asText()));
        assertThat(steps).containsExactly(
                "without two-factor sign-in the person is sent to enrol first, told why, and brought back",
                "without a password, turning it off takes a fresh Google sign-in and a code");
        assertThat(report.path("accessibility")).as("serious or critical axe-core violations").isEmpty();
        assertThat(report.path("page_errors")).as("scripts that threw").isEmpty();
    }
}
