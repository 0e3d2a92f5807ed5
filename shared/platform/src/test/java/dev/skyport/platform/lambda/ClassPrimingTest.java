package dev.skyport.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPrimingTest {

    /** Set by {@link Listed}'s initialisation; read here, it does not initialise Listed itself. */
    static volatile boolean listedInitialised;

    /** Shows that priming initialises a listed class, not only loads it. */
    static final class Listed {
        static {
            listedInitialised = true;
        }
    }

    @TempDir
    Path jar;

    private ClassLoader jarWithList(String... lines) throws IOException {
        Path list = jar.resolve(ClassPriming.LIST);
        Files.createDirectories(list.getParent());
        Files.write(list, List.of(lines));
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void the_recorded_handler_loads_and_initialises_what_its_list_names_and_skips_what_it_cannot() throws IOException {
        ClassLoader loader = jarWithList("# dev.skyport.example.ExampleHandler", Listed.class.getName(),
                "java.util.zip.CRC32C", "dev.skyport.example.RemovedSinceTheRecording", "");

        assertThat(listedInitialised).as("before priming").isFalse();
        int primed = ClassPriming.prime("dev.skyport.example.ExampleHandler", loader);

        assertThat(primed).as("the two classes that exist").isEqualTo(2);
        assertThat(listedInitialised).isTrue();
    }

    @Test
    void another_function_in_the_same_jar_primes_nothing() throws IOException {
        ClassLoader loader = jarWithList("# dev.skyport.example.ExampleHandler", "java.util.zip.Adler32");

        assertThat(ClassPriming.prime("dev.skyport.example.ExampleEventsHandler", loader)).isZero();
    }

    @Test
    void a_jar_without_a_list_primes_nothing() {
        assertThat(ClassPriming.prime("dev.skyport.example.ExampleHandler",
                new URLClassLoader(new URL[0], null))).isZero();
    }
}
