package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cloud accounts of each user: unique names, at most {@link #MAX_PER_USER} each. */
public interface CloudAccounts {

    int MAX_PER_USER = 20;

    /**
     * Stores a new account with its name guard and the user's count, in one transaction.
     *
     * @throws dev.skyport.kernel.DomainException CONFLICT when the name is taken, RATE_LIMITED over the limit
     */
    void create(CloudAccount account);

    Optional<CloudAccount> find(UserId owner, CloudAccountId id);

    /** The user's accounts, oldest first. */
    List<CloudAccount> list(UserId owner);

    int count(UserId owner);

    boolean nameTaken(UserId owner, String nameKey);

    /** Records a verification: when, and the problem type when it failed. */
    void recordVerification(CloudAccount account, Instant at, Optional<String> problem,
                            Map<String, String> summary, Map<String, String> details);

    /**
     * Removes the account, its name guard and one from the count, in one transaction that holds only while nothing
     * lives in the account; an account already gone is no error.
     *
     * @throws InUse when something still lives in the account (a cluster that is not DELETED); nothing changed
     */
    void delete(CloudAccount account);

    /** Removes every item of the user (accounts, name guards, count, external id, failure count), by deletes only. */
    void removeAllOf(UserId owner);

    /** Something still lives in the account, as the delete's own transaction found; the caller names what. */
    final class InUse extends RuntimeException {
        public InUse() {
            super("cloud account in use", null, false, false);
        }
    }
}
