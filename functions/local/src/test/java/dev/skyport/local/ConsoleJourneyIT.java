package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.identity.config.AdministratorSettings;
import dev.skyport.testing.LocalGoogleIdp;
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
 * The web console in a real browser: Debian's Chromium, driven by playwright-core, walks a person's journey against
 * the local platform (sign up, verify from the mail, sign in, connect an account, create a cluster and watch it come
 * up with its log, download its kubeconfig, the bell, a failure's reason, delete, another person's URL, an ended
 * session, a password reset,
 * sign out, a phone-sized dark page, Google sign-in against a stand-in of Google's endpoint), checks every main page with axe-core, and leaves screenshots under
 * {@code target/console-screenshots} for a reviewer. The journey is
 * {@code shared/console/src/test/browser/journey.mjs}, run with the console build's own node_modules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleJourneyIT {

    private static final Path CONSOLE = Path.of("../../shared/console").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(Optional.ofNullable(System.getenv("CHROMIUM"))
            .orElse("/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    /** Who signs up first in the journey, and becomes ADMIN once the address is verified. */
    private static final String ADMIN_EMAIL = "ada@journey.example";

    private LocalPlatform platform;
    private LocalGoogleIdp google;

    @BeforeAll
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM), "the browser journey needs Chromium at " + CHROMIUM
                + " (apt-get install chromium; .ci/run installs it); skipped without it");
        assumeTrue(Files.isDirectory(CONSOLE.resolve("node_modules/playwright-core")),
                "the console's build (shared/console, npm ci) has not installed playwright-core");
        // Google sign-in goes to a stand-in of Google's authorization endpoint and keys.
        google = new LocalGoogleIdp();
        // The journey's first person is an administrator, so the users page is walked too.
        Map<String, Object> properties = new HashMap<>(google.properties());
        properties.put(AdministratorSettings.ADMIN_EMAILS, ADMIN_EMAIL);
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
    void a_person_does_everything_in_the_console_in_a_real_browser() throws Exception {
        // The console's own folder holds its lock file and node_modules: nothing is installed again.
        NodeTools console = new NodeTools(CONSOLE, CONSOLE);
        JsonNode report = new ObjectMapper().readTree(console.run("src/test/browser/journey.mjs", "",
                platform.baseUrl().toString().replaceAll("/$", ""), SCREENSHOTS.toString(), ADMIN_EMAIL,
                Long.toString(platform.context().getBean(dev.skyport.testing.MutableClock.class).instant()
                        .getEpochSecond())));

        List<String> steps = new ArrayList<>();
        report.path("steps").forEach(step -> steps.add(step.path("name").asText()));
        assertThat(steps).containsExactly(
                "the console asks a newcomer to sign in",
                "sign up",
                "verify from the e-mail's link, which leads into the console",
                "a wrong password is refused on the page",
                "sign in",
                "a credential the provider refuses is shown on the form",
                "connect a simulated AWS account",
                "rotate the account's credentials: a refused key changes nothing, a good one replaces it",
                "a field the API refuses is named on the form",
                "create a cluster and watch it reach RUNNING with its log, without reloading",
                "the bell's count rose",
                "the log can be searched",
                "download the running cluster's kubeconfig",
                "day two: scale a node group, plan and apply a change, then a protected cluster refuses its delete",
                "a failed cluster shows its reason",
                "notifications: the list, mark all read",
                "delete the cluster with its typed name and watch DELETED",
                "another person's cluster URL shows not found",
                "an ended session sends the person to sign in and back",
                "a crafted ?next= stays in the console",
                "the account page",
                "e-mail preferences: every kind on, one turned off stays off after a reload",
                "API tokens: made with scopes and shown once, used by a script, listed with its last use, revoked",
                "the activity page: what the person did, refusals with their reason, filtered by action",
                "an administrator sees the users",
                "an administrator reads one person's activity from the users page",
                "sign out",
                "forgot the password: the mailed reset page sets a new one, which signs in",
                "narrow and dark: the clusters page at 375 px in the dark scheme",
                "two-factor sign-in: enrol with the QR code, keep the recovery codes, sign in with one",
                "sign in with Google: a new person lands in the console, then deletes the account");
        assertThat(report.path("accessibility")).as("serious or critical axe-core violations").isEmpty();
        assertThat(report.path("csp_violations")).as("what the Content-Security-Policy blocked").isEmpty();
        assertThat(report.path("page_errors")).as("scripts that threw").isEmpty();
        assertThat(report.path("screenshots")).hasSize(15);
        report.path("screenshots").forEach(file -> assertThat(Path.of(file.asText())).isNotEmptyFile());
        assertThat(Path.of(report.path("kubeconfig").asText())).as("the kubeconfig the browser saved")
                .content().contains("current-context: demo");
    }
}
