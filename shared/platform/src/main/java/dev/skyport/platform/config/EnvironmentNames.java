package dev.skyport.platform.config;

import java.util.Locale;

/**
 * The environment variable Micronaut reads a property from ({@code skyport.events.topic-arn} is
 * {@code SKYPORT_EVENTS_TOPIC_ARN}). The CDK app names every function's variables through this, from the property
 * constants of the settings that bind them, so a renamed setting cannot leave a deployment setting the old name.
 */
public final class EnvironmentNames {

    private EnvironmentNames() {
    }

    public static String of(String property) {
        if (!property.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("not a property name in kebab case: " + property);
        }
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
