package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.PersonalTokenStore;
import dev.skyport.identity.application.PersonalTokens.PersonalToken;
import dev.skyport.kernel.TokenScope;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.AttributeValues;
import dev.skyport.platform.dynamodb.PersonalTokenItems;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Personal access tokens in the users table ({@link PersonalTokenItems}: {@code PAT#hash / TOKEN}), indexed under
 * {@code kind = PAT#userId} so that a person's are listed (newest first) and found again by id for a revocation,
 * and so that the account's deletion removes them with its other token items. The index is read eventually
 * consistently in AWS: a token made a moment ago may be missing from a list for that moment; the revocation itself
 * is a conditional delete of the token's own item.
 */
@Singleton
public class DynamoDbPersonalTokens implements PersonalTokenStore {

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ISO_INSTANT;

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbPersonalTokens(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void save(String tokenHash, PersonalToken token) {
        Map<String, AttributeValue> item = new HashMap<>(PersonalTokenItems.key(tokenHash));
        item.put(PersonalTokenItems.TOKEN_ID, s(token.id()));
        item.put(PersonalTokenItems.USER_ID, s(token.owner().value()));
        item.put(PersonalTokenItems.NAME, s(token.name()));
        item.put(PersonalTokenItems.SCOPES, AttributeValue.fromSs(token.scopes().stream().map(TokenScope::value)
                .sorted().toList()));
        item.put(PersonalTokenItems.CREATED_AT, millis(token.createdAt()));
        item.put(PersonalTokenItems.VALID_UNTIL, millis(token.expiresAt()));
        item.put(UsersTable.TTL, ttl(token.expiresAt()));
        UsersTable.indexUnderUser(item, PersonalTokenItems.KIND, token.owner().value(),
                SORTABLE.format(token.createdAt()) + "#" + token.id());
        dynamoDb.putItem(b -> b.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", UsersTable.PK)));
    }

    @Override
    public List<PersonalToken> ofPerson(UserId owner) {
        return items(owner).stream().map(DynamoDbPersonalTokens::toToken).toList();
    }

    @Override
    public boolean delete(UserId owner, String tokenId) {
        Optional<Map<String, AttributeValue>> found = items(owner).stream()
                .filter(item -> item.get(PersonalTokenItems.TOKEN_ID).s().equals(tokenId)).findFirst();
        if (found.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.deleteItem(b -> b.tableName(table.name())
                    .key(Map.of(UsersTable.PK, found.get().get(UsersTable.PK), UsersTable.SK,
                            found.get().get(UsersTable.SK)))
                    .conditionExpression("#user = :user AND #id = :id")
                    .expressionAttributeNames(Map.of("#user", PersonalTokenItems.USER_ID,
                            "#id", PersonalTokenItems.TOKEN_ID))
                    .expressionAttributeValues(Map.of(":user", s(owner.value()), ":id", s(tokenId))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    private List<Map<String, AttributeValue>> items(UserId owner) {
        return dynamoDb.queryPaginator(b -> b.tableName(table.name()).indexName(UsersTable.INDEX)
                        .keyConditionExpression("kind = :kind").scanIndexForward(false)
                        .expressionAttributeValues(Map.of(":kind",
                                s(PersonalTokenItems.KIND + "#" + owner.value()))))
                .items().stream().toList();
    }

    private static PersonalToken toToken(Map<String, AttributeValue> item) {
        return new PersonalToken(item.get(PersonalTokenItems.TOKEN_ID).s(),
                new UserId(item.get(PersonalTokenItems.USER_ID).s()), item.get(PersonalTokenItems.NAME).s(),
                item.get(PersonalTokenItems.SCOPES).ss().stream().map(TokenScope::of).flatMap(Optional::stream)
                        .collect(Collectors.toUnmodifiableSet()),
                instant(item.get(PersonalTokenItems.CREATED_AT)), instant(item.get(PersonalTokenItems.VALID_UNTIL)),
                Optional.ofNullable(item.get(PersonalTokenItems.LAST_USED_AT)).map(AttributeValues::instant),
                Optional.ofNullable(item.get(PersonalTokenItems.LAST_USED_FROM)).map(AttributeValue::s));
    }
}
