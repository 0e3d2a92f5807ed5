package dev.skyport.infra.api;

import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.security.SecuritySettings;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Who may read which token keys: a function that issues tokens reads the private set (and the public one, to verify
 * like everyone); a function that only takes requests reads the public set. Functions that take no HTTP requests
 * read neither. So a compromised function outside identity can check tokens but never mint one.
 */
public record TokenKeys(ISecret signing, ISecret verification) {

    /** For auth and accounts: signs and verifies. */
    public void issue(SkyportFunction function) {
        function.function().addEnvironment(EnvironmentNames.of(SecuritySettings.SIGNING_KEYS_SECRET_ID), signing.getSecretArn());
        signing.grantRead(function.role());
        verify(function);
    }

    /** For every other function behind the API: verifies only. */
    public void verify(SkyportFunction function) {
        function.function().addEnvironment(EnvironmentNames.of(SecuritySettings.VERIFICATION_KEYS_SECRET_ID),
                verification.getSecretArn());
        verification.grantRead(function.role());
    }
}
