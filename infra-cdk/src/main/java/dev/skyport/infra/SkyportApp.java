package dev.skyport.infra;

import dev.skyport.infra.api.ApiStack;
import dev.skyport.infra.clusters.ProvisioningStack;
import dev.skyport.infra.data.DataStack;
import dev.skyport.infra.operations.AlarmActions;
import dev.skyport.platform.config.DeployedStacks;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The Skyport CDK app: the stateful data stack, the provisioning workflow, and the API stack whose functions use
 * both.
 */
public final class SkyportApp {

    private SkyportApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app, SkyportSettings.from(app));
        app.synth();
    }

    /** Composes the stacks; every alarm reaches the operations topic; cdk-nag's AWS Solutions checks run on all. */
    public static Stacks build(App app, SkyportSettings settings) {
        StackProps props = StackProps.builder()
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .description("Skyport control plane")
                .build();
        DataStack data = new DataStack(app, DeployedStacks.DATA, props, settings);
        ProvisioningStack provisioning = new ProvisioningStack(app, DeployedStacks.PROVISIONING, props, settings, data);
        ApiStack api = new ApiStack(app, DeployedStacks.API, props, settings, data, provisioning);
        Aspects.of(app).add(new AlarmActions(data.operationsTopic()));
        Aspects.of(app).add(new AwsSolutionsChecks());
        return new Stacks(data, provisioning, api);
    }

    public record Stacks(DataStack data, ProvisioningStack provisioning, ApiStack api) {
    }
}
