package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.identity.adapter.dynamodb.UsersTable.PK;
import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.AttributeValues;
import dev.skyport.platform.dynamodb.CreatedKeyCursors;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The items of the users table, to and from the domain: a user, a pending event of the outbox, a page's cursor. */
final class UserItems {

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ISO_INSTANT;
    /** On the profile while two-factor sign-in is on; set and removed with the enrolment item, in one transaction. */
    static final String SECOND_FACTOR = "mfa";

    private UserItems() {
    }

    static Map<String, AttributeValue> userItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.user(user.id()));
        item.put("kind", s("USER"));
        item.put("createdKey", s(SORTABLE.format(user.createdAt()) + "#" + user.id().value()));
        item.put("id", s(user.id().value()));
        item.put("email", s(user.email().value()));
        item.put("username", s(user.username().value()));
        item.put("roles", AttributeValue.fromSs(user.roles().stream().map(Role::name).sorted().toList()));
        item.put("verified", AttributeValue.fromBool(user.verified()));
        item.put("createdAt", millis(user.createdAt()));
        user.passwordHash().ifPresent(hash -> item.put("passwordHash", s(hash)));
        user.googleSubject().ifPresent(subject -> item.put("googleSubject", s(subject)));
        user.verificationDeadline().ifPresent(deadline -> item.put("verificationDeadline", millis(deadline)));
        if (user.secondFactor()) {
            item.put(SECOND_FACTOR, AttributeValue.fromBool(true));
        }
        return item;
    }

    static User toUser(Map<String, AttributeValue> item) {
        return new User(
                new UserId(item.get("id").s()),
                new EmailAddress(item.get("email").s()),
                new Username(item.get("username").s()),
                Optional.ofNullable(item.get("passwordHash")).map(AttributeValue::s),
                Optional.ofNullable(item.get("googleSubject")).map(AttributeValue::s),
                item.get("roles").ss().stream().map(Role::valueOf).collect(Collectors.toSet()),
                item.get("verified").bool(),
                instant(item.get("createdAt")),
                Optional.ofNullable(item.get("verificationDeadline")).map(AttributeValues::instant),
                Optional.ofNullable(item.get(SECOND_FACTOR)).map(AttributeValue::bool).orElse(false));
    }

    static Map<String, AttributeValue> pendingEvent(DomainEvent event) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.pendingEvent(event));
        item.put("id", s(event.id()));
        item.put("type", s(event.type()));
        item.put("subject", s(event.subject()));
        item.put("occurredAt", millis(event.occurredAt()));
        item.put("data", AttributeValue.fromM(event.data().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        return item;
    }

    static DomainEvent toEvent(Map<String, AttributeValue> item) {
        return new DomainEvent(item.get("id").s(), item.get("type").s(), item.get("subject").s(),
                instant(item.get("occurredAt")), item.get("data").m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())));
    }

    /** A cursor is the createdKey of the last user of a page; the rest of DynamoDB's key follows from it. */
    static Map<String, AttributeValue> startKey(String cursor) {
        CreatedKeyCursors.CreatedKey last = CreatedKeyCursors.decode(cursor);
        return Map.of("kind", s("USER"), "createdKey", s(last.value()), PK, s(UserKeys.USER_PREFIX + last.id()),
                UsersTable.SK, s(UsersTable.PROFILE));
    }
}
