package dev.skyport.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local platform's heap on a developer's laptop. Left to itself the JVM may take a quarter of the machine's
 * memory, and under load the platform's RSS grew to 3 GB. Unless the person chose a heap size themselves
 * ({@code -Xmx}, {@code -XX:MaxHeapSize}, {@code -XX:MaxRAMPercentage} or {@code -XX:MaxRAM}, on the command line or
 * in {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS}), {@code java -jar skyport-local.jar} starts the platform
 * in a child JVM with {@value #DEFAULT_MAX_HEAP}, the same classpath, options and arguments, its output inherited,
 * and passes a SIGTERM on to it; Ctrl+C reaches both, as they share the terminal's process group.
 */
final class LocalJvm {

    static final String DEFAULT_MAX_HEAP = "-Xmx512m";
    /** Set in the child's environment: it runs the platform itself. */
    static final String CHILD = "SKYPORT_LOCAL_CHILD";
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage",
            "-XX:MaxRAM=", "-XX:MaxRAM ");

    private LocalJvm() {
    }

    /** Whether this JVM should start the platform itself rather than a child with the default heap. */
    static boolean runsHere() {
        return System.getenv(CHILD) != null || heapChosen(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static boolean heapChosen(List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(argument -> HEAP_OPTIONS.stream().anyMatch(argument::startsWith));
    }

    /** Runs the platform in a child JVM with the default heap and answers its exit code. */
    static int runChild(String mainClass, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(DEFAULT_MAX_HEAP);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(CHILD, "1");
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
