package dev.skyport.identity.adapter.dynamodb;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.FirstRequestData;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writes a verified user straight into a users table through the production repository, for harnesses that run
 * the functions' Lambda jars in other JVMs and need a person whose profile those jars can read.
 */
public final class StoredUsers {

    private StoredUsers() {
    }

    public static User verified(DynamoDbClient dynamoDb, TableNames tables, UserId id, String username) {
        Clock clock = Clock.systemUTC();
        User user = new User(id, new EmailAddress(username + "@example.com"), new Username(username),
                Optional.empty(), Optional.empty(), Set.of(Role.USER), true, clock.instant(), Optional.empty());
        new DynamoDbUsers(dynamoDb, new UsersTable(tables), tables, clock).create(user, Optional.empty());
        return user;
    }

    /** The person a function's first request is recorded for (the build's class-priming list). */
    public static final class Person implements FirstRequestData {
        @Override
        public void store(DynamoDbClient dynamoDb, TableNames tables, String userId) {
            verified(dynamoDb, tables, new UserId(userId), "priming");
        }
    }
}
