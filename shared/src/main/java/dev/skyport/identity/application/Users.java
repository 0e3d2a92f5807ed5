package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.UserId;
import dev.skyport.identity.domain.Username;
import java.time.Instant;
import java.util.Optional;

/** The users of Skyport, each unique by e-mail and by username. */
public interface Users {

    /**
     * Stores a new user together with its e-mail and username claims, atomically.
     *
     * @param replacing an abandoned, unverified sign-up holding the same e-mail, to be removed in the same step
     * @throws EmailTakenException when another account holds the e-mail
     * @throws UsernameTakenException when another account holds the username
     */
    void create(User user, Optional<User> replacing);

    Optional<User> findById(UserId id);

    Optional<User> findByEmail(EmailAddress email);

    Optional<User> findByUsername(Username username);

    /** Marks the e-mail as verified: the account can log in and its sign-up can no longer be replaced. */
    void markVerified(UserId id);

    /** Moves the unverified account's deadline, when a new verification link is sent. */
    void extendVerificationDeadline(UserId id, Instant deadline);

    void linkGoogleSubject(UserId id, String subject);

    /** Drops the password: whoever chose it never proved to own the e-mail address. */
    void removePassword(UserId id);
}
