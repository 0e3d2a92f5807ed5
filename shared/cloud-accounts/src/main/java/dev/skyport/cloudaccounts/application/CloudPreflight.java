package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;

/**
 * Asks one provider, before a run, whether the credentials may do what the run does (each permission of Skyport's
 * published role for that provider) and whether the state's bucket is there, versioned and closed to the public.
 */
public interface CloudPreflight {

    CloudProvider provider();

    /**
     * @param externalId the owner's external id, for AWS roles
     * @throws dev.skyport.cloudaccounts.domain.CloudVerificationException when the provider refuses the credentials
     *                                                                     themselves or cannot be asked
     */
    PreflightReport preflight(CloudCredentials credentials, String externalId, PreflightScope scope);
}
