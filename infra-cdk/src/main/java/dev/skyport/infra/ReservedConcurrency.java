package dev.skyport.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The concurrency reserved for (and so the cap of) the functions a flood must not let run away with the account's
 * Lambda concurrency, from the context value {@code skyport:reservedConcurrency}: {@code auth=20,runBroker=10,
 * preflight=10} by default; name only what you change ({@code auth=50}); {@code 0} for one function, or {@code off},
 * reserves nothing.
 *
 * <p>A reservation is both a floor and a ceiling: the function always has that many executions, and never more. It
 * also comes out of the account's unreserved pool, which Lambda keeps at 100 or more: with the default quota of
 * 1000 the defaults leave 960 to every other function; an account whose quota is still at a new account's 10 can
 * reserve nothing (deploy with {@code off}, or ask for the quota to be raised).
 *
 * @param auth      the auth function: every anonymous route (sign-up, login, forgot, resend, Google, verify, refresh)
 *                  runs in it, so a flood of them could otherwise take the whole account and starve the signed-in
 *                  routes and the event functions; 20 serves the route throttles' sum (about 60 requests a second at
 *                  a few hundred milliseconds each, Argon2id included) with room for bursts
 * @param runBroker the run broker: a Terraform task that asks in a loop (each answer assumes a role and reads a
 *                  secret) must not take more than this; 10 is more runs at once than one Skyport ever starts
 * @param preflight the run preflight: one per run, before its task, so the same bound as the broker
 */
public record ReservedConcurrency(int auth, int runBroker, int preflight) {

    public static final String CONTEXT_KEY = "skyport:reservedConcurrency";
    public static final ReservedConcurrency DEFAULTS = new ReservedConcurrency(20, 10, 10);
    public static final ReservedConcurrency OFF = new ReservedConcurrency(0, 0, 0);

    public ReservedConcurrency {
        for (int value : new int[] {auth, runBroker, preflight}) {
            if (value < 0) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": a reservation is 0 (none) or more, not " + value);
            }
        }
    }

    /** {@code off}, or {@code name=value} pairs separated by commas over the defaults; blank means the defaults. */
    public static ReservedConcurrency parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return DEFAULTS;
        }
        if (value.equalsIgnoreCase("off")) {
            return OFF;
        }
        Map<String, Integer> values = new LinkedHashMap<>(Map.of("auth", DEFAULTS.auth,
                "runBroker", DEFAULTS.runBroker, "preflight", DEFAULTS.preflight));
        for (String pair : value.split(",")) {
            String[] parts = pair.split("=", 2);
            String name = parts[0].strip();
            if (parts.length != 2 || !values.containsKey(name)) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": '" + pair.strip() + "' is not one of "
                        + String.join(", ", values.keySet()) + " with '=<number>', nor 'off'");
            }
            try {
                values.put(name, Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": '" + pair.strip() + "' needs a whole number", e);
            }
        }
        return new ReservedConcurrency(values.get("auth"), values.get("runBroker"), values.get("preflight"));
    }

    /** The reservation to set on a function: none for 0. */
    public static OptionalInt of(int reservation) {
        return reservation == 0 ? OptionalInt.empty() : OptionalInt.of(reservation);
    }

    /** What every reservation takes from the account's unreserved pool together. */
    public int total() {
        return auth + runBroker + preflight;
    }
}
