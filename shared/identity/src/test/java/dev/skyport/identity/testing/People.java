package dev.skyport.identity.testing;

import dev.skyport.identity.adapter.inprocess.InProcessMailQueue;
import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Username;
import dev.skyport.testing.LocalSesServer;
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
        readsMailOnceSent(beans, ses);
        beans.getBean(SignUp.class).signUp(new EmailAddress(email), new Username(username),
                PlainPassword.chosen(PASSWORD));
        beans.getBean(EmailVerification.class).verify(ses.latestVerificationToken(email).orElseThrow());
        return beans.getBean(PasswordLogin.class).login(username, new PlainPassword(PASSWORD), "127.0.0.1");
    }

    /** The local SES endpoint's accessors wait until the application's in-process mail queue has drained. */
    public static LocalSesServer readsMailOnceSent(BeanLocator beans, LocalSesServer ses) {
        beans.findBean(InProcessMailQueue.class).ifPresent(queue -> ses.sentThrough(queue::awaitDrained));
        return ses;
    }
}
