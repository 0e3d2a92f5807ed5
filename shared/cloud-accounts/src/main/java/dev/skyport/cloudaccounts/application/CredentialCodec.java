package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudProvider;

/** Turns credentials into the text of a secret and back. */
public interface CredentialCodec {

    String encode(CloudCredentials credentials);

    CloudCredentials decode(CloudProvider provider, String secret);
}
