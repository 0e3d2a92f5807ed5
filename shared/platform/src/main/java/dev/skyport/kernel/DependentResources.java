package dev.skyport.kernel;

import java.util.List;

/**
 * What another context keeps that depends on a user's account or on one of their cloud accounts, and must go first:
 * an account is not deleted while it still has clusters, a cloud account not while clusters live in it. Each context
 * that keeps such things offers one; the context asked to delete consults them all.
 */
public interface DependentResources {

    /** What still depends on the user's account, by name, for the person to act on; empty when nothing does. */
    List<String> ofUser(UserId owner);

    /** What still depends on one of the user's cloud accounts, by name; empty when nothing does. */
    List<String> usingCloudAccount(UserId owner, String cloudAccountId);
}
