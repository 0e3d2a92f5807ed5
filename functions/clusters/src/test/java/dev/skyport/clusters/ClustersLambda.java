package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.testing.People;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The clusters function as Lambda runs it, for the handler tests: its context with the Step Functions and
 * CloudWatch Logs adapters against a local server speaking their protocols, mail on a local SES, and two people
 * signed in, the admin (boss) and alice.
 */
final class ClustersLambda implements AutoCloseable {

    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:SkyportProvisioning";

    final LocalSesServer ses = new LocalSesServer();
    final LocalWorkflowServer aws = new LocalWorkflowServer();
    final ApplicationContext context;
    final ClustersHandler http;
    final Session boss;
    final Session alice;

    /** The function with these properties besides its own. */
    ClustersLambda(Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.clusters.workflow.state-machine-arn", STATE_MACHINE);
        properties.put("skyport.clusters.workflow.log-group", "/skyport/terraform");
        properties.put("skyport.aws.endpoints.sfn", aws.endpoint().toString());
        properties.put("skyport.aws.endpoints.logs", aws.endpoint().toString());
        properties.putAll(HttpApiHandler.IN_LAMBDA);
        properties.putAll(more);
        context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true).start();
        http = new ClustersHandler(context);
        boss = People.signedIn(context, ses, SkyportTestProperties.ADMIN_EMAIL, "boss");
        alice = People.signedIn(context, ses, "alice@example.com", "alice");
    }

    /** A header of an answer, whatever its case. */
    static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public void close() {
        http.close();
        ses.close();
        aws.close();
    }
}
