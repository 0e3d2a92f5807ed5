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

    private UserKeys() {
    }
}
