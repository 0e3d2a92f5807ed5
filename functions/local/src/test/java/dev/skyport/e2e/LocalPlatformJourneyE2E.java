package dev.skyport.e2e;

import dev.skyport.local.LocalPlatform;
import dev.skyport.local.LocalSettings;
import dev.skyport.local.TourSteps;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The journey against the local platform, started in this JVM on a random port, as {@code ./mvnw -B verify} runs it:
 * so that the tier's client code runs on every build, not only where a stack is deployed. Mails come from its outbox
 * ({@code GET /local/outbox}), the cloud account from its simulated cloud. Under {@code -Pe2e}, which walks a deployed
 * stack instead, it is skipped, saying so.
 */
class LocalPlatformJourneyE2E extends ReadmeJourney {

    private LocalPlatform platform;
    private Target target;
    /** Why this run does not walk the local platform, if it does not: the test says so when it starts. */
    private String cannot;

    @BeforeAll
    void start() {
        E2eSettings settings = E2eSettings.ofThisJvm();
        if (!settings.target().equals(E2eSettings.LOCAL)) {
            cannot = "the local platform's walk runs in the default build; this run walks the " + settings.target()
                    + " target (-Dskyport.e2e.target=" + settings.target() + ")";
            return;
        }
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "100ms")));
        URI api = platform.baseUrl();
        target = new Target("local platform", api, URI.create("ws://" + api.getAuthority() + "/ws"),
                new Mailbox.LocalOutbox(api), Optional.empty(), new CloudAccountSource.SimulatedCloud(api),
                Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Override
    protected Target target() {
        if (cannot != null) {
            skip(null, cannot);
        }
        return target;
    }
}
