package dev.skyport.identity.testing;

import dev.skyport.testing.LocalSesServer;

import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Username;
import io.micronaut.context.BeanLocator;

/**
 * Signs people up, verifies their address from the e-mail the local SES endpoint caught and logs them in, through
 * the shared use cases: for functions that do not serve the auth routes themselves.
 */
public final class People {

    public static final String PASSWORD = "correct horse battery staple";

    private People() {
    }

    public static Session signedIn(BeanLocator beans, LocalSesServer ses, String email, String username) {
        beans.getBean(SignUp.class).signUp(new EmailAddress(email), new Username(username),
                PlainPassword.chosen(PASSWORD));
        beans.getBean(EmailVerification.class).verify(ses.latestVerificationToken(email).orElseThrow());
        return beans.getBean(PasswordLogin.class).login(username, new PlainPassword(PASSWORD), "127.0.0.1");
    }
}
