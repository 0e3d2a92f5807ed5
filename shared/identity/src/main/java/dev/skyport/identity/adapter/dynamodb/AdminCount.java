package dev.skyport.identity.adapter.dynamodb;

import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * How many users hold the ADMIN role ({@code STATS / ADMINS}), changed in the same transaction as the users it
 * counts, so that the last ADMIN can never be demoted or deleted.
 */
final class AdminCount {

    private AdminCount() {
    }

    static boolean isAdmin(User user) {
        return user.roles().contains(Role.ADMIN);
    }

    /** Adds to the ADMIN count; taking one away needs at least two, so the last ADMIN always stays. */
    static TransactWriteItem change(String table, int delta) {
        Update.Builder update = Update.builder().tableName(table).key(UsersTable.adminCount())
                .updateExpression("ADD admins :delta");
        if (delta < 0) {
            update.conditionExpression("admins > :one")
                    .expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(Integer.toString(delta)),
                            ":one", AttributeValue.fromN("1")));
        } else {
            update.expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(Integer.toString(delta))));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }
}
