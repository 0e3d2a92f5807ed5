package dev.skyport.tools;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * An operator's commands against a deployment, one jar apart from the development platform:
 * <pre>
 * java -jar shared/tools/target/skyport-tools.jar token-keys status|init|add|promote|retire
 *     --signing-secret-id ID --verification-secret-id ID [--region R] [--endpoint URL]
 * </pre>
 * The exit code is the command's: 0 done, 1 refused with a reason printed, 2 usage.
 */
public final class SkyportTools {

    private static final String USAGE = "usage: java -jar skyport-tools.jar token-keys status|init|add|promote|retire"
            + " --signing-secret-id ID --verification-secret-id ID [--region R] [--endpoint URL]";

    private SkyportTools() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length > 0 && args[0].equals("token-keys")) {
            return TokenKeysCommand.main(Arrays.copyOfRange(args, 1, args.length), out);
        }
        out.println(args.length == 0 ? USAGE : "unknown command '" + args[0] + "'; " + USAGE);
        return 2;
    }
}
