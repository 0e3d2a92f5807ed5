package dev.skyport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The AWS CLI calls of the Terraform image's entry script, read from the script itself. */
final class RunScriptCalls {

    static final Path SCRIPT = Path.of("terraform-image/skyport-run.sh");

    private static final Pattern CALL = Pattern.compile(
            "(?m)^(?!\\s*#).*?(as_customer\\s+)?\\baws ([a-z0-9-]+) ([a-z0-9-]+)");

    /**
     * One {@code aws <service> <command>}.
     *
     * @param asCustomer made with the customer's credentials ({@code as_customer aws ...}), not the task's role
     */
    record Call(String service, String command, boolean asCustomer) {

        /** The IAM action ({@code stepfunctions send-task-success}: {@code states:SendTaskSuccess}). */
        String action() {
            String prefix = service.equals("stepfunctions") ? "states" : service;
            return prefix + ":" + Pattern.compile("(?:^|-)([a-z])").matcher(command)
                    .replaceAll(match -> match.group(1).toUpperCase(Locale.ROOT));
        }
    }

    private RunScriptCalls() {
    }

    static List<Call> all() {
        String script;
        try {
            script = Files.readString(SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Call> calls = new ArrayList<>();
        Matcher call = CALL.matcher(script);
        while (call.find()) {
            Call found = new Call(call.group(2), call.group(3), call.group(1) != null);
            if (!calls.contains(found)) {
                calls.add(found);
            }
        }
        return calls;
    }
}
