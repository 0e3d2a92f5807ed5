package dev.skyport.identity;

import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The shared identity beans in a real application context, on DynamoDB Local and a local SES endpoint. */
final class IdentityContext implements AutoCloseable {

    final MutableClock clock = MutableClock.startingNow();
    final LocalSesServer ses = new LocalSesServer();
    final TableNames tables = DynamoDbLocalFixture.freshTables();
    final ApplicationContext context;

    IdentityContext(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.ses", ses.endpoint().toString());
        properties.put("skyport.mail.sender", "noreply@skyport.test");
        properties.put("skyport.security.signing-key", Base64.getEncoder().encodeToString(new byte[32]));
        properties.putAll(extra);
        context = ApplicationContext.builder().properties(properties).singletons(clock).build();
        context.registerSingleton(Clock.class, clock);
        context.start();
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
