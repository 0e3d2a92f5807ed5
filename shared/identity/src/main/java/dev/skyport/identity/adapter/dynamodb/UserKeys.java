package dev.skyport.identity.adapter.dynamodb;

import dev.skyport.platform.dynamodb.SessionFamilyItems;

/**
 * The partition-key prefixes of the users table that other code must name: the infrastructure's IAM conditions
 * (a function that may touch only tickets, or only people's partitions) are built from these, so the layout is
 * written once. The rest of the layout is {@link UsersTable}'s.
 */
public final class UserKeys {

    /** A person's partition: profile and sessions. */
    public static final String USER_PREFIX = SessionFamilyItems.USER_PREFIX;
    /** A WebSocket ticket, redeemed (deleted) by the realtime function. */
    public static final String WS_TICKET_PREFIX = "WSTICKET#";

    /** A mail request's claim, which only the mail queue's consumer writes. */
    public static final String MAIL_WORK_PREFIX = "MAILWORK#";

    /** An address's uniqueness guard, through which an account is found by e-mail. */
    public static final String EMAIL_PREFIX = "EMAIL#";
    /** A pending e-mail verification link. */
    public static final String VERIFY_PREFIX = "VERIFY#";
    /** A pending password-reset link. */
    public static final String RESET_PREFIX = "RESET#";
    /** A windowed counter (failed logins, mails per recipient). */
    public static final String COUNTER_PREFIX = "LOCKOUT#";
    /**
     * The partitions the mail queue's consumer reads and writes: the account (by its address), its new link, the
     * per-recipient counter and the request's claim. Its role may touch no other item of the table.
     */
    public static final java.util.List<String> MAIL_WORK_PARTITIONS = java.util.List.of(USER_PREFIX, EMAIL_PREFIX,
            VERIFY_PREFIX, RESET_PREFIX, COUNTER_PREFIX, MAIL_WORK_PREFIX);

    private UserKeys() {
    }
}
