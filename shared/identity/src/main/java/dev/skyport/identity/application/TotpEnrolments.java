package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A person's TOTP enrolment: the sealed secret, whether it is on, the last time step a code was used for, and the
 * keyed hashes of the unused recovery codes. Every change is one conditional write, so that of two requests using
 * the same code, recovery code or pending secret, exactly one wins.
 */
public interface TotpEnrolments {

    Optional<TotpEnrolment> find(UserId userId);

    /**
     * Keeps a new secret, not yet on; replaces an earlier pending one.
     *
     * @return false when two-factor sign-in is already on (nothing changed)
     */
    boolean savePending(UserId userId, String sealedSecret, Instant now, Instant pendingUntil);

    /**
     * Turns the pending enrolment with this very secret on, its code's step used, with these recovery codes; the
     * account says so from then on (one transaction).
     *
     * @return false when it is no longer that pending enrolment (confirmed meanwhile, replaced, gone)
     */
    boolean activate(UserId userId, String sealedSecret, long usedStep, List<String> recoveryCodeHashes, Instant now);

    /** Uses a step's code: only while on and only past the last step used (no code works twice). */
    boolean useStep(UserId userId, long step);

    /** Uses one recovery code, by its hash: only while on and only if it is still unused. */
    boolean useRecoveryCode(UserId userId, String recoveryCodeHash);

    /**
     * Replaces the sealed secret with the same secret sealed under a newer key, while it is on and still that very
     * sealed value; false otherwise (changed meanwhile: nothing to do).
     */
    boolean reseal(UserId userId, String sealedSecret, String resealedSecret);

    /** Replaces every recovery code; false when two-factor sign-in is not on. */
    boolean replaceRecoveryCodes(UserId userId, List<String> recoveryCodeHashes);

    /** Turns it off (or drops a pending one): the enrolment goes and the account says so; false when there was none. */
    boolean remove(UserId userId);

    /** @param lastUsedStep the last time step whose code was used; -1 when none */
    record TotpEnrolment(String sealedSecret, boolean on, long lastUsedStep, int recoveryCodesLeft,
                         Optional<Instant> pendingUntil) {
        @Override
        public String toString() {
            return "TotpEnrolment[on=" + on + ", lastUsedStep=" + lastUsedStep + ", recoveryCodesLeft="
                    + recoveryCodesLeft + "]";
        }
    }
}
