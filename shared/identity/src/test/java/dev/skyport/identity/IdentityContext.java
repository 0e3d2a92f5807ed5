package dev.skyport.identity;

import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared identity beans in a real application context, on DynamoDB Local and a local SES endpoint; mail is sent
 * by the in-process mail queue's worker, and the SES endpoint's accessors wait for it.
 */
final class IdentityContext implements AutoCloseable {

    final MutableClock clock;
    final LocalSesServer ses = new LocalSesServer();
    final TableNames tables = DynamoDbLocalFixture.freshTables();
    final ApplicationContext context;

    IdentityContext(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.ses", ses.endpoint().toString());
        properties.put("skyport.mail.sender", "noreply@skyport.test");
        properties.put("skyport.mail-queue.in-process", "true");
        properties.putAll(dev.skyport.testing.SkyportTestProperties.tokenKeys());
        properties.putAll(extra);
        context = ApplicationContext.builder().properties(properties).start();
        clock = context.getBean(MutableClock.class);
        dev.skyport.identity.testing.People.readsMailOnceSent(context, ses);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
        ses.close();
    }
}
