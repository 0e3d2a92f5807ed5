package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import java.util.List;

/** Asks one provider whether credentials work: STS, Azure AD + ARM, or Google OAuth + Cloud Storage. */
public interface CloudVerifier {

    CloudProvider provider();

    /**
     * @param externalId the user's external id, for AWS roles
     * @throws dev.skyport.cloudaccounts.domain.CloudVerificationException when the provider says no or is not there
     */
    VerifiedAccount verify(CloudCredentials credentials, String externalId);

    /** The buckets (S3), storage accounts (Azure) or buckets (GCS) the credentials can see. */
    List<Bucket> buckets(CloudCredentials credentials, String externalId);
}
