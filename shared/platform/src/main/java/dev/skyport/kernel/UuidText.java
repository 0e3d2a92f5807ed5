package dev.skyport.kernel;

import java.util.regex.Pattern;

/**
 * The one shape Skyport's ids have on the wire: a UUID in its canonical 36-character text form. Anything else that
 * arrives as an id (a path segment, a claim) names nothing, and is never looked up: no 3,000-character key reaches
 * DynamoDB, no guess costs a read.
 */
public final class UuidText {

    private static final Pattern CANONICAL = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private UuidText() {
    }

    public static boolean matches(String text) {
        return text != null && text.length() == 36 && CANONICAL.matcher(text).matches();
    }
}
