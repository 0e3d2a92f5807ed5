package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.dynamodb.UserHasClusters;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys of the users table, in one place. Every item of the identity context lives here:
 * <pre>
 *   USER#id        PROFILE        the user
 *   USER#id        FAMILY#fid     a refresh-token family (one per login)
 *   USER#id        MFA#TOTP       the person's TOTP enrolment (sealed secret, last used step, recovery code hashes)
 *   MFACHALLENGE#hash TOKEN       a sign-in waiting for its second step
 *   EMAIL#email    GUARD          uniqueness of the e-mail address
 *   USERNAME#name  GUARD          uniqueness of the username
 *   PAT#hash       TOKEN          a personal access token (PersonalTokenItems; every function reads it)
 *   VERIFY#hash    TOKEN          a pending e-mail verification link
 *   RESET#hash     TOKEN          a pending password-reset link
 *   REFRESH#hash   TOKEN          a refresh token
 *   WSTICKET#hash  TICKET         a WebSocket ticket
 *   LOCKOUT#key    LOCKOUT        failed logins of one account
 *   MAILWORK#id    CLAIM          a mail request being worked on or done (the mail queue's consumer)
 *   STATS          ADMINS         how many users hold the ADMIN role (guards the last one)
 *   OUTBOX         EVENT#ms#id    a domain event written with the change it reports, until published
 * </pre>
 * The {@code byKind} index lists users newest first ({@code kind = USER}); token items are indexed under
 * {@code kind = <TYPE>#<userId>} so that everything of a user can be found when the account is deleted.
 */
@Singleton
final class UsersTable {

    static final String PK = SkyportTables.USERS.partitionKey();
    static final String SK = SkyportTables.USERS.sortKey();
    static final String TTL = SkyportTables.USERS.ttlAttribute().orElseThrow();
    static final String PROFILE = "PROFILE";
    static final String GUARD = "GUARD";
    static final String TOKEN = "TOKEN";

    private final String name;

    UsersTable(TableNames names) {
        this.name = names.nameOf(SkyportTables.USERS);
    }

    String name() {
        return name;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static Map<String, AttributeValue> user(UserId id) {
        return UserHasClusters.user(id); // the clusters context's create checks that this item is there
    }

    static Map<String, AttributeValue> emailGuard(EmailAddress email) {
        return key(UserKeys.EMAIL_PREFIX + email.value(), GUARD);
    }

    static Map<String, AttributeValue> usernameGuard(Username username) {
        return key("USERNAME#" + username.value(), GUARD);
    }

    /** A session's item: its key is defined once, in platform, where every function checks sessions. */
    static Map<String, AttributeValue> family(UserId id, String familyId) {
        return SessionFamilyItems.key(id.value(), familyId);
    }

    static Map<String, AttributeValue> refreshToken(String tokenHash) {
        return key("REFRESH#" + tokenHash, TOKEN);
    }

    /** A link that works once: e-mail verification ({@code VERIFY}) or password reset ({@code RESET}). */
    static Map<String, AttributeValue> singleUseToken(String type, String tokenHash) {
        return key(type + "#" + tokenHash, TOKEN);
    }

    static Map<String, AttributeValue> totp(UserId id) {
        return key(UserKeys.USER_PREFIX + id.value(), "MFA#TOTP");
    }

    static Map<String, AttributeValue> signInChallenge(String challengeHash) {
        return key("MFACHALLENGE#" + challengeHash, TOKEN);
    }

    static Map<String, AttributeValue> wsTicket(String ticketHash) {
        return key(UserKeys.WS_TICKET_PREFIX + ticketHash, "TICKET");
    }

    static Map<String, AttributeValue> adminCount() {
        return key("STATS", "ADMINS");
    }

    static final String OUTBOX = "OUTBOX";

    /** Pending events share one partition, oldest first, so the relay finds them with one query. */
    static Map<String, AttributeValue> pendingEvent(DomainEvent event) {
        return key(OUTBOX, "EVENT#" + String.format("%013d", event.occurredAt().toEpochMilli()) + "#" + event.id());
    }

    static Map<String, AttributeValue> lockout(String accountKey) {
        return key(UserKeys.COUNTER_PREFIX + accountKey, "LOCKOUT");
    }

    static Map<String, AttributeValue> mailWork(java.util.UUID requestId) {
        return key(UserKeys.MAIL_WORK_PREFIX + requestId, "CLAIM");
    }

    static final String INDEX = SkyportTables.USERS.globalIndexes().getFirst().name();

    /** Indexes an item of a user under {@code TYPE#userId}, so that deleting the user finds it. */
    static void indexUnderUser(Map<String, AttributeValue> item, String type, String userId, String sortKey) {
        item.put("kind", s(type + "#" + userId));
        item.put("createdKey", s(sortKey));
    }
}
