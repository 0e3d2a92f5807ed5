package dev.skyport.platform.config;

import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.EventPublisher;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

@Factory
public class PlatformFactory {

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Publishes where the function has the platform-events topic (or the local platform its in-process one). */
    @Singleton
    Announcements announcements(BeanProvider<EventPublisher> publisher, Clock clock) {
        return new Announcements(() -> publisher.isPresent() ? Optional.of(publisher.get()) : Optional.empty(),
                clock);
    }
}
