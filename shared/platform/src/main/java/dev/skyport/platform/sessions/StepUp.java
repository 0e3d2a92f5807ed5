package dev.skyport.platform.sessions;

import static dev.skyport.platform.dynamodb.SessionFamilyItems.SECOND_FACTOR_AT;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.tokens.TokenCaller;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The check a sensitive action (connecting or rotating cloud credentials, deleting the account, creating a personal
 * access token) makes before it acts: a person with two-factor sign-in on must have proved a second factor in this
 * session less than {@link #FRESHNESS} ago, or gets 403 {@value #STEP_UP_REQUIRED} and proves one with
 * {@code POST /auth/mfa/step-up}. Call {@link #require} first thing in the route.
 * <p>
 * The time is kept server-side, on the session's item ({@link SessionFamilyItems#SECOND_FACTOR_AT}), not as a claim:
 * a step-up then counts at once for every function without issuing new tokens, a refresh cannot lose or stretch it,
 * and the one strongly consistent read happens only on these rare routes. Whether the person has two-factor sign-in
 * on is the access token's {@value #MFA_CLAIM} claim (issued from the account as it is; turning it on or off renews
 * the current session's tokens and ends the others).
 */
@Singleton
@Requires(classes = Authentication.class)
@Requires(beans = DynamoDbClient.class)
public class StepUp {

    /** The access-token claim saying that the person has two-factor sign-in on. */
    public static final String MFA_CLAIM = "mfa";
    /** How recent the session's last second factor must be for a sensitive action. */
    public static final Duration FRESHNESS = Duration.ofMinutes(15);
    public static final String STEP_UP_REQUIRED = "mfa-step-up-required";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public StepUp(DynamoDbClient dynamoDb, TableNames names, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.USERS);
        this.clock = clock;
    }

    /** Whether the caller's token says two-factor sign-in is on. */
    public static boolean secondFactorOn(Authentication caller) {
        return Boolean.TRUE.equals(caller.getAttributes().get(MFA_CLAIM));
    }

    /**
     * Goes on when the caller has no second factor, or proved it in this session within {@link #FRESHNESS}.
     *
     * @throws DomainException 403 {@value #STEP_UP_REQUIRED} otherwise
     */
    public void require(Authentication caller) {
        if (!secondFactorOn(caller) || TokenCaller.of(caller).isPresent()) {
            // A personal access token has no session to step up: it was made with a fresh second factor (making
            // one is a sensitive action of a session), and what it may do is its scopes'.
            return;
        }
        Object session = caller.getAttributes().get(LiveSessions.SESSION_CLAIM);
        Instant now = clock.instant();
        if (session == null || !freshAt(caller.getName(), session.toString(), now)) {
            throw new DomainException(Failure.FORBIDDEN, STEP_UP_REQUIRED,
                    "this action needs a second factor from the last " + FRESHNESS.toMinutes()
                            + " minutes: POST /auth/mfa/step-up with a current code, then try again");
        }
    }

    private boolean freshAt(String userId, String sessionId, Instant now) {
        Map<String, AttributeValue> family = dynamoDb.getItem(b -> b.tableName(table)
                .key(SessionFamilyItems.key(userId, sessionId)).consistentRead(true)
                .projectionExpression("#at").expressionAttributeNames(Map.of("#at", SECOND_FACTOR_AT))).item();
        if (family == null || !family.containsKey(SECOND_FACTOR_AT)) {
            return false;
        }
        Instant provedAt = Instant.ofEpochMilli(Long.parseLong(family.get(SECOND_FACTOR_AT).n()));
        return now.isBefore(provedAt.plus(FRESHNESS)) && !provedAt.isAfter(now.plusSeconds(60));
    }
}
