package dev.skyport.platform.tokens;

import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.PersonalTokenItems.LAST_USED_AT;
import static dev.skyport.platform.dynamodb.PersonalTokenItems.LAST_USED_FROM;

import dev.skyport.kernel.TokenScope;
import dev.skyport.platform.dynamodb.AttributeValues;
import dev.skyport.platform.dynamodb.PersonalTokenItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Two strongly consistent GetItems per request: the token's item by its hash, then its person's profile (the
 * token's item names the person, so the two cannot go in one BatchGetItem). Each reads only the attributes it needs,
 * which are all a function's role may read of them ({@link PersonalTokenItems}). No cache: a few milliseconds a
 * request buy a revocation, a demotion or a deletion that holds on the very next request (docs/api.md).
 */
@Singleton
public class DynamoDbPersonalTokenLookup implements PersonalTokenLookup {

    /** A use is recorded at most once a minute per token. */
    static final Duration USE_RESOLUTION = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbPersonalTokenLookup.class);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbPersonalTokenLookup(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.USERS);
    }

    @Override
    public Optional<ActiveToken> find(String tokenHash, Instant now) {
        Map<String, AttributeValue> token = get(PersonalTokenItems.key(tokenHash),
                PersonalTokenItems.LOOKUP_ATTRIBUTES);
        if (token.isEmpty() || !token.containsKey(PersonalTokenItems.VALID_UNTIL)
                || !now.isBefore(AttributeValues.instant(token.get(PersonalTokenItems.VALID_UNTIL)))) {
            return Optional.empty();
        }
        String userId = token.get(PersonalTokenItems.USER_ID).s();
        Map<String, AttributeValue> person = get(PersonalTokenItems.profileKey(userId),
                PersonalTokenItems.PROFILE_ATTRIBUTES);
        if (person.isEmpty() || person.get("verified") == null || !Boolean.TRUE.equals(person.get("verified").bool())) {
            return Optional.empty();
        }
        Set<String> roles = person.containsKey("roles") ? Set.copyOf(person.get("roles").ss()) : Set.of();
        Set<TokenScope> scopes = token.get(PersonalTokenItems.SCOPES).ss().stream().map(TokenScope::of)
                .flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
        if (scopes.contains(TokenScope.ADMIN) && !roles.contains("ADMIN")) {
            return Optional.empty();
        }
        return Optional.of(new ActiveToken(token.get(PersonalTokenItems.TOKEN_ID).s(), userId,
                token.get(PersonalTokenItems.NAME).s(), scopes, roles,
                person.containsKey("username") ? person.get("username").s() : "",
                Optional.ofNullable(token.get(LAST_USED_AT)).map(AttributeValues::instant),
                person.containsKey(PersonalTokenItems.SECOND_FACTOR)
                        && Boolean.TRUE.equals(person.get(PersonalTokenItems.SECOND_FACTOR).bool())));
    }

    @Override
    public void recordUse(String tokenHash, Instant at, String address) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(PersonalTokenItems.key(tokenHash))
                    .updateExpression("SET #at = :at, #from = :from")
                    .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#at) OR #at < :before)")
                    .expressionAttributeNames(Map.of("#at", LAST_USED_AT, "#from", LAST_USED_FROM,
                            "#pk", SkyportTables.USERS.partitionKey()))
                    .expressionAttributeValues(Map.of(":at", millis(at), ":from", s(address),
                            ":before", millis(at.minus(USE_RESOLUTION)))));
        } catch (ConditionalCheckFailedException recent) {
            // Recorded by a concurrent request, or the token went meanwhile: nothing to do.
        } catch (SdkException e) {
            // The request goes on: when a token was last used is a hint, not a guard. The token is never logged.
            LOG.warn("could not record a personal access token's use: {}", e.getClass().getSimpleName());
        }
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key, List<String> attributes) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            names.put("#a" + i, attributes.get(i));
        }
        String projection = String.join(", ", names.keySet().stream().sorted().toList());
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key).consistentRead(true)
                .projectionExpression(projection).expressionAttributeNames(names)).item();
        return item == null ? Map.of() : item;
    }
}
