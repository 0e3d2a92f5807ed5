package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalJvmTest {

    private static final String JAR = "functions/local/target/skyport-local.jar --port 9090";

    @Test
    void java_jar_with_no_heap_chosen_runs_the_platform_in_a_child_with_the_default_heap() {
        assertThat(LocalJvm.childJar(List.of("-Dfile.encoding=UTF-8"), JAR))
                .contains(Path.of("functions/local/target/skyport-local.jar"));
    }

    @Test
    void a_chosen_heap_an_attached_debugger_or_agent_or_a_launch_without_jar_runs_in_place() {
        for (String option : List.of("-Xmx2g", "-Xms1g", "-XX:MaxRAMPercentage=50", "-XX:InitialHeapSize=1g",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/opt/agent.jar",
                "-Dcom.sun.management.jmxremote.port=9010")) {
            assertThat(LocalJvm.childJar(List.of(option), JAR)).as(option).isEmpty();
        }
        // An IDE or mvn exec:java starts the main class on a class path of its own.
        assertThat(LocalJvm.childJar(List.of(), "dev.skyport.local.LocalPlatform --port 9090")).isEmpty();
    }
}
