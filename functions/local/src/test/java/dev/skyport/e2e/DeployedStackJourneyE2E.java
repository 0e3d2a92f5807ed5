package dev.skyport.e2e;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.BeforeAll;

/**
 * The journey against a deployed stack, under {@code -Pe2e}: on LocalStack or another emulator
 * ({@code AWS_ENDPOINT_URL}, the verification mail read from its SES message endpoint) or in AWS (a verified person
 * given, as SES there delivers to a real inbox). Where it is, {@link DeployedStack} finds out; without a target, or
 * without what the walk needs there, it is skipped with the reason printed ({@code -Dskyport.e2e.required=true} fails
 * instead). In the default build it is skipped: a developer's AWS credentials must not make {@code verify} walk (and
 * pay for) a real cluster.
 */
class DeployedStackJourneyE2E extends ReadmeJourney {

    private Target target;
    /** Why this run cannot walk a deployed stack, if it cannot: the test says so when it starts. */
    private String cannot;
    private boolean required;

    @BeforeAll
    void resolve() {
        E2eSettings settings = E2eSettings.ofThisJvm();
        if (!settings.target().equals(E2eSettings.DEPLOYED)) {
            cannot = "the deployed stack's walk runs under -Pe2e (./mvnw -B verify -Pe2e -pl functions/local -am,"
                    + " docs/testing.md); this build walks the local platform";
            return;
        }
        required = settings.required();
        cannot = switch (DeployedStack.resolve(settings)) {
            case DeployedStack.Found found -> {
                target = found.target();
                yield target.cannotWalk().orElse(null);
            }
            case DeployedStack.Absent absent -> absent.reason();
        };
    }

    /** The stack found; or the test is skipped here with the reason (failed, with -Dskyport.e2e.required=true). */
    @Override
    protected Target target() {
        if (cannot != null && required) {
            fail("-Dskyport.e2e.required=true, but " + cannot);
        }
        if (cannot != null) {
            skip(target, cannot);
        }
        return target;
    }
}
