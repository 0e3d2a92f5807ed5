package dev.skyport.infra;

import dev.skyport.testing.NodeTools;
import java.nio.file.Path;

/**
 * The independent checkers of {@code src/test/node} (npm packages Skyport did not write: an HCL parser and
 * formatter, an IAM policy simulator, the ASL and CloudFormation validators), installed once from the lock file into
 * {@code target/node-checks}. Without npm on the machine, or without the registry, the calling test is skipped.
 */
final class NodeChecks {

    private static final NodeTools TOOLS = new NodeTools(Path.of("src/test/node"), Path.of("target/node-checks"));

    private NodeChecks() {
    }

    /** Runs {@code node <script> <arguments>} with the input on stdin; answers stdout, failing on a non-zero exit. */
    static String run(String script, String input, String... arguments) {
        return TOOLS.run(script, input, arguments);
    }
}
