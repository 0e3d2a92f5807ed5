package dev.skyport.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local platform's heap on a developer's laptop. Left to itself the JVM may take a quarter of the machine's
 * memory, and under load the platform's RSS grew to 3 GB. So {@code java -jar skyport-local.jar} starts the platform
 * in a child JVM with {@value #DEFAULT_MAX_HEAP}: the same jar, options and arguments, its output inherited, a SIGTERM
 * passed on, and a child that stops when its parent is gone (even after a SIGKILL); Ctrl+C reaches both, as they
 * share the terminal's process group. It runs in place instead when the person chose a heap ({@code -Xmx},
 * {@code -Xms} and their {@code -XX} forms, on the command line or in {@code JAVA_TOOL_OPTIONS} /
 * {@code JDK_JAVA_OPTIONS}), when an agent, a debugger or JMX is attached (they belong to the JVM the person
 * started), and when it was not started with {@code -jar} (an IDE, {@code mvn exec:java}).
 */
final class LocalJvm {

    static final String DEFAULT_MAX_HEAP = "-Xmx512m";
    /** Set in the child's environment to its parent's pid: the child runs the platform itself. */
    static final String PARENT_PID = "SKYPORT_LOCAL_PARENT_PID";
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-Xms", "-XX:MaxHeapSize", "-XX:InitialHeapSize",
            "-XX:MinHeapSize", "-XX:MaxRAMPercentage", "-XX:InitialRAMPercentage", "-XX:MinRAMPercentage",
            "-XX:MaxRAM=");
    private static final List<String> ATTACHED = List.of("-agentlib:", "-agentpath:", "-javaagent:",
            "-Dcom.sun.management.jmxremote", "-XX:+ManagementServer");

    private LocalJvm() {
    }

    /** The jar to start the platform from in a child JVM, or empty when this JVM should run it itself. */
    static Optional<Path> childJar() {
        if (System.getenv(PARENT_PID) != null) {
            return Optional.empty();
        }
        return childJar(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("sun.java.command", ""));
    }

    static Optional<Path> childJar(List<String> jvmArguments, String command) {
        boolean chosenOrAttached = jvmArguments.stream().anyMatch(argument ->
                HEAP_OPTIONS.stream().anyMatch(argument::startsWith) || ATTACHED.stream().anyMatch(argument::startsWith));
        String launched = command.split(" ", 2)[0];
        if (chosenOrAttached || !launched.endsWith(".jar")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(launched));
    }

    /** In the child: stop (through the shutdown hooks) when the parent is gone, whatever killed it. */
    static void followParent() {
        String parent = System.getenv(PARENT_PID);
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
    }

    /** Runs the platform from {@code jar} in a child JVM with the default heap and answers its exit code. */
    static int runChild(Path jar, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(DEFAULT_MAX_HEAP);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-jar"); // with the manifest, as the person started it (Enable-Native-Access among others)
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // Their options are in this JVM's input arguments already: the child must not apply them twice.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().put(PARENT_PID, Long.toString(ProcessHandle.current().pid()));
        Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            child.destroy(); // SIGTERM; after a Ctrl+C the child is stopping already
            try {
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skyport-local-child"));
        return child.waitFor();
    }
}
