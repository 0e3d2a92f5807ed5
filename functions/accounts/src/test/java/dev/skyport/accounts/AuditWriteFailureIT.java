package dev.skyport.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.skyport.audit.application.AuditLog;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.testing.People;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSnsServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An audit entry that cannot be written changes nothing of the request's answer: the write is done, the answer is
 * the same, and the function logs the one line the AWS metric filter counts (and alarms on).
 */
class AuditWriteFailureIT {

    @Test
    void a_request_whose_audit_entry_cannot_be_written_is_answered_as_usual_and_the_failure_is_logged()
            throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (LocalSesServer ses = new LocalSesServer(); LocalSnsServer sns = new LocalSnsServer()) {
            Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
            properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
            properties.put("skyport.events.topic-arn", "arn:aws:sns:us-east-1:000000000000:platform-events");
            properties.put(TableNames.property(SkyportTables.AUDIT), "no-such-audit-table");
            properties.putAll(HttpApiHandler.IN_LAMBDA);
            ApplicationContext context = ApplicationContext.builder().properties(properties)
                    .eagerInitSingletons(true).start();
            try (AccountsHandler handler = new AccountsHandler(context)) { // closes the context too
                Session lin = People.signedIn(context, ses, "lin@example.com", "lin");
                APIGatewayV2HTTPResponse renamed = handler.handleRequest(LambdaEvents.read(
                        "accounts-change-username.json", APIGatewayV2HTTPEvent.class, Map.of(
                                "ACCESS_TOKEN_FROM_LOGIN", lin.accessToken(), "ada-lovelace", "lin-renamed")),
                        new MockLambdaContext());
                assertThat(renamed.getStatusCode()).as(renamed.getBody()).isEqualTo(200);
                assertThat(renamed.getBody()).contains("lin-renamed");
            }
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .startsWith(AuditLog.NOT_RECORDED + ": changeUsername /me/username by person")
                .contains("d1af9ac6-7b61-11e6-9a41-93e8deadbeef"));
    }
}
