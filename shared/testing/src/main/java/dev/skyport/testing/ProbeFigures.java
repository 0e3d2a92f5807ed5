package dev.skyport.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The line a probe prints for the cold-start comparison: handler built, first invocation answered, classes loaded,
 * and the process's peak resident memory so far (Linux's VmHWM; -1 elsewhere). Depends on the JDK only, so the
 * bare probe's classpath stays bare.
 */
public final class ProbeFigures {

    private ProbeFigures() {
    }

    public static void print(long start, long initialised, long firstAnswered) {
        System.out.println("probe init_ms=" + (initialised - start) / 1_000_000
                + " first_invoke_ms=" + (firstAnswered - initialised) / 1_000_000
                + " classes_loaded=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
                + " peak_rss_kb=" + peakRssKb());
    }

    /** This process's peak resident memory in KiB (Linux's VmHWM), or -1 where it cannot be read. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
        return -1;
    }
}
