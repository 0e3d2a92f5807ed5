package dev.skyport.infra.clusters;

import dev.skyport.infra.ReservedConcurrency;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.cloudaccounts.CustomerAccess;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.Construct;

/**
 * The run preflight: a step of the provisioning workflow, before the Terraform task, that asks the cloud provider
 * whether the run's credentials may do what the run does and whether its state bucket is fit
 * ({@code RunPreflightHandler}, the cloud-accounts module's preflight jar). It reads the cloud account and its secret
 * and assumes the customer's role (never one of Skyport's own account); the customer's trust policy names it, as it
 * names the verifier and the run broker.
 */
public class PreflightFunction extends Construct {

    /** The preflight asks a few dozen questions of the provider, each within the provider timeout. */
    static final int TIMEOUT_SECONDS = 60;

    private final SkyportFunction function;

    public PreflightFunction(Construct scope, String id, SkyportSettings settings, ITable cloudAccounts) {
        super(scope, id);
        function = new SkyportFunction(this, "Function", settings.functionJar("cloud-accounts", "preflight"),
                "dev.skyport.cloudaccounts.RunPreflightHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)), cloudAccounts.getTableName()));
        CfnFunction handler = (CfnFunction) function.function().getNode().getDefaultChild();
        handler.setTimeout(TIMEOUT_SECONDS);
        // Runs start a preflight each; more at once than this would be more than Skyport's clusters ever start
        // (ReservedConcurrency, skyport:reservedConcurrency).
        ReservedConcurrency.of(settings.reservedConcurrency().preflight())
                .ifPresent(handler::setReservedConcurrentExecutions);

        cloudAccounts.grant(function.role(), "dynamodb:GetItem");
        CustomerAccess.readSecrets(function, "the preflight reads only the one of the run the workflow names.");
        CustomerAccess.assumeCustomerRoles(function);
    }

    public SkyportFunction function() {
        return function;
    }
}
