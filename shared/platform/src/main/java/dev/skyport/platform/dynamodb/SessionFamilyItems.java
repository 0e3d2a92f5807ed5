package dev.skyport.platform.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.s;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one definition of a session's item in the users table ({@code USER#id / FAMILY#fid}, one refresh-token family
 * per login) and of the attributes that say whether it is still going. The identity context writes these items;
 * every function reads them to refuse writes made with the access token of an ended session.
 */
public final class SessionFamilyItems {

    public static final String USER_PREFIX = "USER#";
    public static final String FAMILY_PREFIX = "FAMILY#";
    /** true once the session is signed out or revoked. */
    public static final String REVOKED = "revoked";
    /** The absolute end of the session (epoch millis), set at login. */
    public static final String SESSION_ENDS = "sessionEnds";
    /** The expiry of the session's current refresh token (epoch seconds, the table's TTL attribute). */
    public static final String EXPIRES = SkyportTables.USERS.ttlAttribute().orElseThrow();
    /**
     * When the session last proved a second factor (epoch millis): at a sign-in with one, at enrolment, at a step-up.
     * Absent for a session that never did. Not a secret: a sensitive action asks how fresh it is.
     */
    public static final String SECOND_FACTOR_AT = "secondFactorAt";
    /**
     * What a liveness or step-up check reads, and all it may read (the IAM condition of functions outside
     * identity).
     */
    public static final List<String> LIVENESS_ATTRIBUTES = List.of(REVOKED, SESSION_ENDS, EXPIRES, SECOND_FACTOR_AT);

    private SessionFamilyItems() {
    }

    public static String userPartition(String userId) {
        return USER_PREFIX + userId;
    }

    public static Map<String, AttributeValue> key(String userId, String familyId) {
        return Map.of(SkyportTables.USERS.partitionKey(), s(userPartition(userId)),
                SkyportTables.USERS.sortKey(), s(FAMILY_PREFIX + familyId));
    }
}
