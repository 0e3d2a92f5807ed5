package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.WsTickets;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** WebSocket tickets ({@code WSTICKET#hash}); redeeming deletes, so a ticket opens one connection. */
@Singleton
public class DynamoDbWsTickets implements WsTickets {

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbWsTickets(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void save(String ticketHash, Holder holder, Instant expiresAt) {
        UserId userId = holder.user();
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.wsTicket(ticketHash));
        item.put("userId", s(userId.value()));
        holder.session().ifPresent(session -> item.put("sessionId", s(session)));
        holder.tokenHash().ifPresent(token -> item.put("tokenHash", s(token)));
        item.put("validUntil", millis(expiresAt));
        item.put(UsersTable.TTL, ttl(expiresAt));
        UsersTable.indexUnderUser(item, "WSTICKET", userId.value(), ticketHash);
        dynamoDb.putItem(b -> b.tableName(table.name()).item(item));
    }

    @Override
    public Optional<Holder> redeem(String ticketHash, Instant now) {
        Map<String, AttributeValue> old = dynamoDb.deleteItem(b -> b.tableName(table.name())
                .key(UsersTable.wsTicket(ticketHash)).returnValues(ReturnValue.ALL_OLD)).attributes();
        if (old == null || old.isEmpty() || !now.isBefore(instant(old.get("validUntil")))) {
            return Optional.empty();
        }
        return Optional.of(new Holder(new UserId(old.get("userId").s()),
                Optional.ofNullable(old.get("sessionId")).map(AttributeValue::s),
                Optional.ofNullable(old.get("tokenHash")).map(AttributeValue::s)));
    }
}
