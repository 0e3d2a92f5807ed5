package dev.skyport.identity.adapter.dynamodb;

import dev.skyport.identity.application.MailPreferences;
import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * E-mail preferences on the user item: attribute {@code emailOff}, the string set of kinds turned off (absent when
 * none is: DynamoDB keeps no empty set). Read with the rest of the item, in one GetItem.
 */
@Singleton
public class DynamoDbMailPreferences implements MailPreferences {

    static final String EMAIL_OFF = "emailOff";

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbMailPreferences(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<Recipient> recipient(UserId id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.user(id)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue off = item.get(EMAIL_OFF);
        return Optional.of(new Recipient(UserItems.toUser(item),
                new EmailPreferences(off == null || !off.hasSs() ? Set.of() : Set.copyOf(off.ss()))));
    }

    @Override
    public boolean save(UserId id, EmailPreferences preferences) {
        try {
            if (preferences.off().isEmpty()) {
                dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.user(id))
                        .updateExpression("REMOVE #off")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#off", EMAIL_OFF, "#pk", UsersTable.PK)));
            } else {
                dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.user(id))
                        .updateExpression("SET #off = :off")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#off", EMAIL_OFF, "#pk", UsersTable.PK))
                        .expressionAttributeValues(Map.of(":off",
                                AttributeValue.fromSs(List.copyOf(preferences.off())))));
            }
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }
}
