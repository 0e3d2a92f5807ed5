package dev.skyport.local;

import io.micronaut.context.annotation.Requires;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bean that exists on the local platform only: its context runs in the {@code local} environment with a data
 * folder's outbox ({@link LocalPlatform} sets both). Nothing so marked can appear in a Lambda function.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Requires(env = LocalOnly.ENVIRONMENT)
@Requires(property = LocalSettings.OUTBOX_DIR)
public @interface LocalOnly {

    /** The Micronaut environment of the local platform's context. */
    String ENVIRONMENT = "local";
}
