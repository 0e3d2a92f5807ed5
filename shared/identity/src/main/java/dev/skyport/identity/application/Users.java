package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Marks the e-mail as verified (the account can log in and its sign-up can no longer be replaced) and gives it
     * the roles a proven address earns, in one write.
     */
    void markVerified(User user, Set<Role> roles);

    /** Moves the unverified account's deadline, when a new verification link is sent. */
    void extendVerificationDeadline(User user, Instant deadline);

    void linkGoogleSubject(UserId id, String subject);

    /** Drops the password: whoever chose it never proved to own the e-mail address. */
    void removePassword(UserId id);

    void changePassword(UserId id, String passwordHash);

    /**
     * Moves the user to a new username: the old guard goes, the new one is claimed, in one transaction.
     *
     * @throws UsernameTakenException when another account holds the new name
     */
    void changeUsername(User user, Username newUsername);

    /**
     * Sets the roles.
     *
     * @throws LastAdminException when this would remove the last ADMIN
     */
    void changeRoles(User user, java.util.Set<dev.skyport.identity.domain.Role> roles);

    /**
     * Deletes the user, its guards and its sessions, and keeps {@code deleted} as a pending event in the same
     * transaction, so that the event cannot be lost when publishing it fails.
     *
     * @throws LastAdminException when the user is the last ADMIN
     */
    void delete(User user, dev.skyport.kernel.DomainEvent deleted);

    /** Forgets a pending event once it is published. */
    void eventPublished(dev.skyport.kernel.DomainEvent event);

    /** Events stored with their change but not yet published, oldest first. */
    java.util.List<dev.skyport.kernel.DomainEvent> pendingEvents(int limit);

    /**
     * Users, newest first.
     *
     * @param cursor where the previous page ended, as returned in {@link UserPage#nextCursor()}
     * @throws dev.skyport.kernel.DomainException of kind INVALID_INPUT for a cursor this method did not make
     */
    UserPage page(Optional<String> cursor, int limit);
}
