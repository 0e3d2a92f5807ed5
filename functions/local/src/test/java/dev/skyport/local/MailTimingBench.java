package dev.skyport.local;

import dev.skyport.testing.ApiClient;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Account enumeration by timing (issue 27.10), side by side on the local platform (run with {@code -Pbench}; figures
 * printed, never asserted): forgot, resend and sign-up for an address with an account against one without,
 * alternating request by request so both share the machine's noise; median, p90 and the ratio of medians. The mail
 * work is the mail queue's, off the request path: what is timed is what the caller waits for.
 */
public final class MailTimingBench {

    static final int WARM_UP = 30;
    static final int PAIRS = 200;
    static final int SIGN_UP_PAIRS = 60;

    public static void main(String[] args) throws Exception {
        // The per-address limit of mail requests would answer 429 long before the end of the run.
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.empty(), Optional.empty(), Map.<String, Object>of(
                        "skyport.identity.mail-requests-per-client-address", "1000000")))) {
            ApiClient api = new ApiClient(platform::baseUrl);
            TourSteps.signedIn(api, "known@example.com", "known");
            expect(api.post("/auth/signup", ApiClient.json("email", "pending@example.com", "username", "pending",
                    "password", TourSteps.PASSWORD)), 202);

            Map<String, double[][]> rows = new LinkedHashMap<>();
            rows.put("POST /auth/password/forgot", pairs(api, PAIRS, i -> forgot(api, "known@example.com"),
                    i -> forgot(api, "unknown" + i + "@example.com")));
            rows.put("POST /auth/verify/resend", pairs(api, PAIRS, i -> resend(api, "pending@example.com"),
                    i -> resend(api, "unknown" + i + "@example.com")));
            rows.put("POST /auth/signup", pairs(api, SIGN_UP_PAIRS,
                    i -> signUp(api, "known@example.com", "other" + i),
                    i -> signUp(api, "new" + i + "@example.com", "new" + i)));

            System.out.printf("%nMail requests, existing vs unknown address, alternating (ms)%n");
            System.out.println("| request | existing p50 | existing p90 | unknown p50 | unknown p90 | p50 ratio |");
            System.out.println("|---|---|---|---|---|---|");
            rows.forEach((name, times) -> System.out.printf("| `%s` | %.1f | %.1f | %.1f | %.1f | %.2f |%n", name,
                    percentile(times[0], 50), percentile(times[0], 90), percentile(times[1], 50),
                    percentile(times[1], 90), percentile(times[0], 50) / percentile(times[1], 50)));
        }
    }

    /** Times {@code count} pairs after a warm-up, the two kinds one after the other, starting with each in turn. */
    private static double[][] pairs(ApiClient api, int count, Request existing, Request unknown) {
        for (int i = 0; i < WARM_UP / 3; i++) {
            existing.send(-1 - i);
            unknown.send(-1 - i);
        }
        double[] a = new double[count];
        double[] b = new double[count];
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                a[i] = time(existing, i);
                b[i] = time(unknown, i);
            } else {
                b[i] = time(unknown, i);
                a[i] = time(existing, i);
            }
        }
        return new double[][] {a, b};
    }

    private static double time(Request request, int i) {
        long start = System.nanoTime();
        request.send(i);
        return (System.nanoTime() - start) / 1e6;
    }

    private static void forgot(ApiClient api, String email) {
        expect(api.post("/auth/password/forgot", ApiClient.json("email", email)), 202);
    }

    private static void resend(ApiClient api, String email) {
        expect(api.post("/auth/verify/resend", ApiClient.json("email", email)), 202);
    }

    private static void signUp(ApiClient api, String email, String username) {
        String name = username.startsWith("-") ? "warm" + username : username;
        String address = email.contains("-") ? email.replace("-", "warm") : email;
        expect(api.post("/auth/signup", ApiClient.json("email", address, "username", name, "password",
                TourSteps.PASSWORD)), 202);
    }

    private static void expect(ApiClient.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + reply.status() + ": " + reply.body());
        }
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    @FunctionalInterface
    private interface Request {
        void send(int i);
    }

    private MailTimingBench() {
    }
}
