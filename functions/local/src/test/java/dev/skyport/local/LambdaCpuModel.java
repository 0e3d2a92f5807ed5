package dev.skyport.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How {@link ColdStartBench} gives a probe JVM the CPU a Lambda function gets: an on-demand init with full CPU, then
 * an invoke with a share in proportion to memory (1,769 MB is one vCPU). Built on the cgroup v1 cpu controller:
 * <ul>
 *   <li>the bench's own JVM (and the DynamoDB Local inside it, which stands for the service) moves into a cgroup
 *   with the controller's highest weight ({@code cpu.shares} 262144), so other work on the machine (builds) takes
 *   little from any probe, and the real and the bare probe of a round see the same machine;</li>
 *   <li>each probe starts in a child cgroup of its own without a quota (a shell writes its pid there, then execs
 *   the JVM), and once its handler is built it writes the invoke's quota, period x MB / 1769, into that cgroup
 *   itself ({@link dev.skyport.testing.InvokeCpuShare}).</li>
 * </ul>
 * Where the controller is missing or not writable (cgroup v2, not root), {@link #open()} says why and there is no
 * model: the passes that need one are skipped with that reason.
 */
final class LambdaCpuModel implements AutoCloseable {

    /** The memory that buys one full vCPU, as Lambda documents it. */
    static final int MB_PER_VCPU = 1769;
    private static final long PERIOD_US = 100_000;
    private static final Path CONTROLLER = Path.of("/sys/fs/cgroup/cpu");

    private final Path root;
    private final Path group;

    private LambdaCpuModel(Path root, Path group) {
        this.root = root;
        this.group = group;
    }

    /** The model, or why there is none on this machine. */
    static Result open() {
        if (!Files.isRegularFile(CONTROLLER.resolve("cpu.cfs_quota_us"))) {
            return new Result(null, "no cgroup v1 cpu controller at " + CONTROLLER
                    + " (cgroup v2 or a container without it)");
        }
        if (!Files.isWritable(CONTROLLER)) {
            return new Result(null, CONTROLLER + " is not writable (the model needs root)");
        }
        Path group = CONTROLLER.resolve("skyport-bench-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.shares"), "262144");
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
            return new Result(new LambdaCpuModel(CONTROLLER, group), null);
        } catch (IOException | RuntimeException e) {
            try {
                Files.writeString(CONTROLLER.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
                Files.deleteIfExists(group);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            return new Result(null, "the cpu controller refused a cgroup: " + e.getMessage());
        }
    }

    record Result(LambdaCpuModel model, String whyNone) {
        Optional<LambdaCpuModel> present() {
            return Optional.ofNullable(model);
        }
    }

    /** The quota in microseconds per period that gives a function of {@code memoryMb} its CPU share. */
    static long invokeQuotaUs(int memoryMb) {
        return PERIOD_US * memoryMb / MB_PER_VCPU;
    }

    /** A probe's own cgroup: no quota until the probe sets the invoke's. */
    Probe probe(int memoryMb) throws IOException {
        Path cgroup = group.resolve("probe-" + UUID.randomUUID());
        Files.createDirectory(cgroup);
        Files.writeString(cgroup.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        Files.writeString(cgroup.resolve("cpu.cfs_quota_us"), "-1");
        return new Probe(cgroup, invokeQuotaUs(memoryMb));
    }

    record Probe(Path cgroup, long invokeQuotaUs) {

        /** The command, started by a shell that first moves itself into the probe's cgroup, then execs it. */
        List<String> wrap(List<String> command) {
            List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                    "echo $$ > \"$0\" && exec \"$@\"", cgroup.resolve("cgroup.procs").toString()));
            wrapped.addAll(command);
            return wrapped;
        }

        /** What the probe writes once its handler is built ({@code InvokeCpuShare}). */
        String invokeSetting() {
            return cgroup.resolve("cpu.cfs_quota_us") + "=" + invokeQuotaUs;
        }

        /** How long the probe's cgroup was throttled, in ms ({@code cpu.stat}), to show the model applied. */
        long throttledMs() throws IOException {
            for (String line : Files.readAllLines(cgroup.resolve("cpu.stat"))) {
                if (line.startsWith("throttled_time ")) {
                    return Long.parseLong(line.substring("throttled_time ".length()).trim()) / 1_000_000;
                }
            }
            return 0;
        }

        /** Removes the cgroup once its probe is gone (a process still in it is killed first). */
        void remove() throws IOException {
            for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (int attempt = 0; attempt < 50 && !Files.readAllLines(cgroup.resolve("cgroup.procs")).isEmpty();
                 attempt++) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Files.deleteIfExists(cgroup);
        }
    }

    /** Moves the bench back and removes its cgroup, with any probe cgroup a failed run left in it. */
    @Override
    public void close() throws IOException {
        Files.writeString(root.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
        try (var children = Files.list(group)) {
            for (Path child : children.filter(path -> path.getFileName().toString().startsWith("probe-")).toList()) {
                new Probe(child, 0).remove();
            }
        }
        Files.delete(group);
    }
}
