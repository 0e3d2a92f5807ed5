package dev.skyport.infra.identity;

import dev.skyport.identity.adapter.google.GoogleSettings;
import dev.skyport.identity.config.AdministratorSettings;
import dev.skyport.identity.config.IdentitySettings;
import dev.skyport.infra.ReservedConcurrency;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.mail.adapter.ses.MailSettings;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.events.EventSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The auth function and its routes: sign-up, verification, login, Google sign-in, refresh, logout, tickets. Its
 * role may read and write the users table, read the signing key, send e-mail as the SES identity only, and
 * publish to the platform-events topic (a password reset, a Google account linked: the person is notified).
 */
public class AuthFunction extends Construct {

    private final SkyportFunction function;

    public AuthFunction(Construct scope, String id, SkyportSettings settings, HttpApi api, String publicBaseUrl,
                        ITable users, TokenKeys tokenKeys, ITopic platformEvents) {
        super(scope, id);
        function = new SkyportFunction(this, "Function", settings.functionJar("auth"), "dev.skyport.auth.AuthHandler",
                Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                        EnvironmentNames.of(MailSettings.SENDER), settings.mailSender(),
                        EnvironmentNames.of(AdministratorSettings.ADMIN_EMAILS), settings.adminEmails(),
                        EnvironmentNames.of(GoogleSettings.CLIENT_ID), settings.googleClientId(),
                        EnvironmentNames.of(IdentitySettings.PUBLIC_BASE_URL), publicBaseUrl,
                        EnvironmentNames.of(EventSettings.TOPIC_ARN), platformEvents.getTopicArn()));
        users.grantReadWriteData(function.role());
        platformEvents.grantPublish(function.role());
        tokenKeys.issue(function);
        // Every anonymous route runs here: a flood of them (past their route limits, or from many of them at once)
        // must not take the whole account's concurrency from the signed-in routes and the event functions, and
        // sign-in keeps this much whatever the others do (ReservedConcurrency, skyport:reservedConcurrency).
        ReservedConcurrency.of(settings.reservedConcurrency().auth()).ifPresent(reservation ->
                ((CfnFunction) function.function().getNode().getDefaultChild())
                        .setReservedConcurrentExecutions(reservation));
        Stack stack = Stack.of(this);
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("ses").resource("identity").resourceName(settings.sesIdentity()).build())))
                .build());
        function.routes(api, "Auth", settings.functionJar("auth"), "auth");
        function.acknowledgeIndexGrant("UsersTable");
    }

    public SkyportFunction function() {
        return function;
    }
}
