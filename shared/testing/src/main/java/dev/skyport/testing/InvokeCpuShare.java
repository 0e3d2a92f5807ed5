package dev.skyport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The probe's half of the cold-start bench's Lambda CPU model: Lambda runs an on-demand init with full CPU, then
 * gives the invoke CPU in proportion to the function's memory. The bench starts each probe JVM in a cgroup of its
 * own with no CPU limit; once the handler is built the probe calls {@link #enter()}, which writes the invoke's quota
 * into that cgroup, so the first invocation (and everything after it: JIT threads, GC) runs at the share the function
 * would get. The bench names the file and the quota in {@code SKYPORT_PROBE_INVOKE_CPU_QUOTA}
 * ({@code <cpu.cfs_quota_us file>=<microseconds>}); without it nothing changes. Depends on the JDK only, so the bare
 * probe's classpath stays bare.
 */
public final class InvokeCpuShare {

    static final String SETTING = "SKYPORT_PROBE_INVOKE_CPU_QUOTA";

    private InvokeCpuShare() {
    }

    /** Limits this process to the invoke's CPU share, when the bench asked for one. */
    public static void enter() {
        String setting = System.getenv(SETTING);
        if (setting == null || setting.isBlank()) {
            return;
        }
        int equals = setting.lastIndexOf('=');
        try {
            Files.writeString(Path.of(setting.substring(0, equals)), setting.substring(equals + 1));
        } catch (IOException | RuntimeException e) {
            // A model that silently did not apply would print unthrottled figures as throttled ones.
            throw new IllegalStateException("could not set the invoke's CPU share (" + setting + ")", e);
        }
    }
}
