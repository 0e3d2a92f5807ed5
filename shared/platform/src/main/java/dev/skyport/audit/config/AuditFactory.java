package dev.skyport.audit.config;

import dev.skyport.audit.application.AuditLog;
import dev.skyport.audit.application.AuditTrail;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The audit log's use cases, over the trail the context provides (DynamoDbAuditTrail). */
@Factory
public class AuditFactory {

    @Singleton
    AuditLog auditLog(AuditTrail trail, Clock clock) {
        return new AuditLog(trail, clock);
    }
}
