package dev.skyport.bench;

import dev.skyport.identity.adapter.argon2.Argon2idPasswordHasher;
import dev.skyport.identity.domain.PlainPassword;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a sign-up and a login cost in CPU: one Argon2id hash and one verification with the OWASP parameters
 * (m = 19 MiB, t = 2, p = 1). Run with {@code ./mvnw -B -pl shared -Pbench verify}; it prints the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PasswordHashingBenchmark {

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();
    private final PlainPassword password = new PlainPassword("correct horse battery staple");
    private String hash;

    @Setup
    public void hashOnce() {
        hash = hasher.hash(password);
    }

    @Benchmark
    public String signUpHash() {
        return hasher.hash(password);
    }

    @Benchmark
    public boolean loginVerify() {
        return hasher.matches(password, hash);
    }
}
