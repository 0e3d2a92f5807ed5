package dev.skyport.platform.lambda;

import dev.skyport.platform.aws.PrimingSettings;
import io.micronaut.context.ApplicationContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart class priming: loads and initialises, before the snapshot, the classes a function's first request
 * loads, so a restored function does not read, verify and initialise them while a person waits. The list,
 * {@value #LIST}, is recorded at build from the function's own jar answering its first request (the build's
 * {@code FirstRequestClasses} step) and packed into the jar; a jar without it primes nothing. Runs only when init is
 * off the request path ({@link Initialization#eager()}) and the function primes its clients: on demand, loading
 * classes no request asks for would only lengthen the cold start. A class that cannot be loaded or initialised here
 * is skipped: priming must never stop a function from starting, and the first request loads what it needs anyway.
 */
public final class ClassPriming {

    /**
     * Where the build puts the list in the jar: {@code # } and the handler whose first request it was recorded from,
     * then one binary class name per line. A jar holds several functions (an API and its event handlers); only the
     * recorded handler's function primes.
     */
    public static final String LIST = "META-INF/skyport/first-request-classes.txt";
    private static final Logger LOG = LoggerFactory.getLogger(ClassPriming.class);

    private ClassPriming() {
    }

    /**
     * Primes the listed classes when init is off the request path and the function primes its clients
     * ({@code skyport.prime-clients}, which CDK sets on SnapStart functions).
     */
    public static void beforeSnapshot(Class<?> handler, ApplicationContext context) {
        if (Initialization.eager()
                && context.getProperty(PrimingSettings.PRIME_CLIENTS, Boolean.class).orElse(false)) {
            prime(handler.getName(), handler.getClassLoader());
        }
    }

    /** Loads and initialises every class listed for this handler; returns how many could be. */
    static int prime(String handler, ClassLoader loader) {
        long start = System.nanoTime();
        int primed = 0;
        int skipped = 0;
        try (InputStream list = loader.getResourceAsStream(LIST)) {
            if (list == null) {
                return 0;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
            if (!("# " + handler).equals(lines.readLine())) {
                return 0; // recorded for another function in this jar
            }
            for (String name = lines.readLine(); name != null; name = lines.readLine()) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    Class.forName(name.strip(), true, loader);
                    primed++;
                } catch (ClassNotFoundException | LinkageError | RuntimeException notHere) {
                    // The build's second run of the jar with its list fails on any of these (FirstRequestClasses),
                    // so one here means the jar and its list parted since: say which.
                    LOG.warn("priming {} failed ({})", name.strip(), notHere.getClass().getSimpleName());
                    skipped++;
                }
            }
        } catch (IOException e) {
            LOG.warn("reading the class-priming list failed ({}); the first request loads its classes itself",
                    e.getClass().getSimpleName());
        }
        LOG.info("primed {} classes before the snapshot ({} skipped) in {} ms", primed, skipped,
                (System.nanoTime() - start) / 1_000_000);
        return primed;
    }
}
