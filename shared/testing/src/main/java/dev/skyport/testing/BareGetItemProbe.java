package dev.skyport.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The baseline of the cold-start comparison: a bare Lambda handler with only aws-lambda-java-core and the SDK's
 * DynamoDB client, doing the read a function's first request does (one GetItem of a user). Run in its own JVM
 * with a classpath of just those libraries; prints the same figures as {@link ShadedJarProbe}. Arguments: the
 * DynamoDB endpoint, the table, the user id.
 */
public final class BareGetItemProbe implements RequestHandler<Map<String, String>, String> {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public BareGetItemProbe(URI endpoint, String table) {
        this.dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.table = table;
    }

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("USER#" + input.get("user")), "sk", AttributeValue.fromS("PROFILE"))))
                .item();
        return item == null || item.isEmpty() ? "404" : "200";
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        BareGetItemProbe handler = new BareGetItemProbe(URI.create(args[0]), args[1]);
        long initialised = System.nanoTime();
        System.out.println("status=" + handler.handleRequest(Map.of("user", args[2]), null));
        long answered = System.nanoTime();
        handler.handleRequest(Map.of("user", args[2]), null);
        ProbeFigures.print(start, initialised, answered);
    }
}
