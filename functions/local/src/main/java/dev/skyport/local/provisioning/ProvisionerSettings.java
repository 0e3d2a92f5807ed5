package dev.skyport.local.provisioning;

import dev.skyport.local.LocalSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the local platform runs clusters ({@code skyport.local.provisioner.*}, from {@code --provisioner} and
 * {@code --image}).
 *
 * @param kind          {@code simulated} (the default) or {@code docker}
 * @param dockerCommand the docker executable the docker provisioner calls
 * @param image         the Terraform image the docker provisioner runs
 * @param stepDelay     how long each step of a simulated run takes
 * @param plansDir      where the docker provisioner keeps plan runs' plan files (the data folder's {@code plans})
 */
@ConfigurationProperties("skyport.local.provisioner")
record ProvisionerSettings(
        @Bindable(defaultValue = "simulated") String kind,
        @Bindable(defaultValue = "docker") String dockerCommand,
        @Bindable(defaultValue = "") String image,
        @Bindable(defaultValue = "1s") Duration stepDelay,
        @Bindable(defaultValue = "") String plansDir) {

    ProvisionerSettings {
        if (!kind.equals("simulated") && !kind.equals("docker")) {
            throw new IllegalArgumentException(LocalSettings.PROVISIONER + " must be simulated or docker, not " + kind);
        }
        if (stepDelay.isNegative() || stepDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(LocalSettings.STEP_DELAY + " must be 0 to 1m, not " + stepDelay);
        }
    }
}
