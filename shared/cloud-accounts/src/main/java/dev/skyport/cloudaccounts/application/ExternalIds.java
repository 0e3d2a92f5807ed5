package dev.skyport.cloudaccounts.application;

import dev.skyport.kernel.UserId;

/** The external id Skyport presents when it assumes a user's AWS roles: made once per user, then kept. */
public interface ExternalIds {

    String externalIdFor(UserId user);
}
