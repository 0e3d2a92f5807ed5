package dev.skyport.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Every test application context runs on a clock the test can move. */
@Factory
public class TestClockFactory {

    @Singleton
    @Replaces(Clock.class)
    MutableClock clock() {
        return MutableClock.startingNow();
    }
}
