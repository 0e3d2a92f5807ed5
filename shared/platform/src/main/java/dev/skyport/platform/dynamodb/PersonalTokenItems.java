package dev.skyport.platform.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.kernel.UserId;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one definition of a personal access token's item in the users table (issue 29): {@code PAT#<sha256 of the
 * token> / TOKEN}, found by the hash of the token a request presents with one GetItem. The identity context writes
 * and deletes these items (the accounts function); every HTTP function reads them, and the person's profile
 * attributes a token depends on ({@link #PROFILE_ATTRIBUTES}), and records when and from where a token was last
 * used ({@link #USE_ATTRIBUTES}), nothing else: the IAM conditions are built from these lists. The items are indexed
 * under {@code kind = PAT#<userId>} (the {@code byKind} index), which lists a person's tokens and finds them when
 * the account is deleted.
 */
public final class PersonalTokenItems {

    public static final String PREFIX = "PAT#";
    public static final String SORT = "TOKEN";
    /** The index kind of a person's tokens: {@code PAT#<userId>}. */
    public static final String KIND = "PAT";

    public static final String TOKEN_ID = "tokenId";
    public static final String USER_ID = "userId";
    public static final String NAME = "name";
    public static final String SCOPES = "scopes";
    public static final String CREATED_AT = "createdAt";
    /** The token's end (epoch millis); the table's TTL attribute (epoch seconds) removes the item after it. */
    public static final String VALID_UNTIL = "validUntil";
    public static final String LAST_USED_AT = "lastUsedAt";
    public static final String LAST_USED_FROM = "lastUsedFrom";

    /** What a request's lookup reads of the token's item. */
    public static final List<String> LOOKUP_ATTRIBUTES = List.of(TOKEN_ID, USER_ID, NAME, SCOPES, VALID_UNTIL,
            LAST_USED_AT);
    /** What the lookup reads of the person's profile item ({@code USER#id / PROFILE}). */
    /**
     * On the person's profile while two-factor sign-in is on (identity's {@code UserItems}): a token's caller carries
     * it as a session's carries its {@code mfa} claim, so where two-factor sign-in is required the tokens of a person
     * without it are refused as their sessions are.
     */
    public static final String SECOND_FACTOR = "mfa";
    public static final List<String> PROFILE_ATTRIBUTES = List.of("verified", "roles", "username", SECOND_FACTOR);
    /** What recording a use writes. */
    public static final List<String> USE_ATTRIBUTES = List.of(LAST_USED_AT, LAST_USED_FROM);

    private PersonalTokenItems() {
    }

    public static Map<String, AttributeValue> key(String tokenHash) {
        return Map.of(SkyportTables.USERS.partitionKey(), s(PREFIX + tokenHash),
                SkyportTables.USERS.sortKey(), s(SORT));
    }

    public static Map<String, AttributeValue> profileKey(String userId) {
        return UserHasClusters.user(new UserId(userId));
    }
}
