package dev.skyport.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Every test application context runs on a clock the test can move. Only in the {@code test} environment (Micronaut
 * deduces it under JUnit): a shaded Lambda jar started with {@link ShadedJarProbe} on its classpath, as the smoke
 * tests and the cold-start bench do, keeps its real clock and bean graph.
 */
@Factory
@Requires(env = Environment.TEST)
public class TestClockFactory {

    @Singleton
    @Replaces(Clock.class)
    MutableClock clock() {
        return MutableClock.startingNow();
    }
}
