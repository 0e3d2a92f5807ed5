package dev.skyport.identity.domain;

import dev.skyport.kernel.DomainException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which kinds of event a person is told of by e-mail. Every kind is on until the person turns it off, except the
 * account's security events, which are always mailed (turned off, a stolen session or script token could silence
 * the warning of what it does next): failed runs
 * (a cluster that reached FAILED, UPDATE_FAILED or DELETE_FAILED, with the reason), expiry warnings, cloud accounts
 * that failed their re-verification, the account's security events (password changed or reset, Google account
 * linked, two-factor sign-in changed), and a webhook or Slack channel turned off after a day of failures. The kind
 * names are the channels' (docs/notifications.md), so a person reads one vocabulary.
 *
 * @param off the kinds turned off
 */
public record EmailPreferences(Set<String> off) {

    public static final String RUN_FAILED = "cluster.run-failed";
    public static final String EXPIRING = "cluster.expiring";
    public static final String VERIFICATION_FAILED = "cloud-account.verification-failed";
    public static final String SECURITY = "account.security";
    public static final String CHANNEL_DISABLED = "channel.disabled";

    /** Every kind, in the order the API lists them. */
    public static final List<String> KINDS = List.of(RUN_FAILED, EXPIRING, VERIFICATION_FAILED, SECURITY,
            CHANNEL_DISABLED);

    /** What a person who never chose gets: everything. */
    public static final EmailPreferences DEFAULT = new EmailPreferences(Set.of());

    public EmailPreferences {
        Set<String> known = new TreeSet<>(off);
        // a kind a newer build stored and this one does not know is dropped, not refused
        known.retainAll(KINDS);
        known.remove(SECURITY);
        off = Set.copyOf(known);
    }

    /** Whether a mail of this kind goes out; never for a kind that is not one of {@link #KINDS}. */
    public boolean wants(String kind) {
        return KINDS.contains(kind) && !off.contains(kind);
    }

    /** Every kind with whether it is on, in {@link #KINDS} order. */
    public Map<String, Boolean> asMap() {
        Map<String, Boolean> all = new LinkedHashMap<>();
        KINDS.forEach(kind -> all.put(kind, !off.contains(kind)));
        return all;
    }

    /**
     * What a person chose: each named kind on or off; a kind not named is on.
     *
     * @throws DomainException of kind INVALID_INPUT, naming the field, for an unknown kind or a missing value
     */
    public static EmailPreferences chosen(Map<String, Boolean> kinds) {
        if (kinds == null) {
            throw DomainException.invalid("invalid-email-preferences", "kinds is required: an object of kind to"
                    + " true or false; known kinds are " + KINDS);
        }
        Set<String> off = new TreeSet<>();
        for (Map.Entry<String, Boolean> entry : kinds.entrySet()) {
            if (!KINDS.contains(entry.getKey())) {
                throw DomainException.invalid("invalid-email-preferences", "kinds." + entry.getKey()
                        + " is not a kind of e-mail; known kinds are " + KINDS);
            }
            if (entry.getValue() == null) {
                throw DomainException.invalid("invalid-email-preferences", "kinds." + entry.getKey()
                        + " must be true or false");
            }
            if (entry.getKey().equals(SECURITY) && !entry.getValue()) {
                throw DomainException.invalid("invalid-email-preferences", "kinds." + SECURITY
                        + " cannot be turned off: a change to how you sign in is always mailed");
            }
            if (!entry.getValue()) {
                off.add(entry.getKey());
            }
        }
        return new EmailPreferences(off);
    }
}
