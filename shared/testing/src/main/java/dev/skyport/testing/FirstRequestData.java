package dev.skyport.testing;

import dev.skyport.platform.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@link FirstRequestClasses} stores before a function's first request so that the request takes its normal,
 * successful path: found with {@link java.util.ServiceLoader} on the recording's classpath (a context's test jar
 * provides it, through its own production repositories, so the data cannot drift from what the function reads).
 */
public interface FirstRequestData {

    /** Stores what a signed-in person with this id needs for a first request to succeed. */
    void store(DynamoDbClient dynamoDb, TableNames tables, String userId);
}
