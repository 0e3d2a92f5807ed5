package dev.skyport.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The baseline of the cold-start comparison: a bare Lambda handler with only aws-lambda-java-core and the SDK's
 * DynamoDB client, doing the read a function's first request does (one GetItem of a user). Run in its own JVM
 * with a classpath of just those libraries; prints the same figures as {@link ShadedJarProbe}. Arguments: the
 * DynamoDB endpoint, the table, the user id, and optionally the HTTP client: {@code url-connection} (the default,
 * what the functions use) or {@code crt} (the AWS CRT client; needs {@code aws-crt-client} on the classpath, which
 * the bench profile adds). In a SnapStart-style init ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} with
 * {@code SKYPORT_PRIME_CLIENTS=true}, as the functions are primed) it primes its client with one GetItem of a key
 * that is not there before the first invocation, so its first invoke is a primed GetItem.
 */
public final class BareGetItemProbe implements RequestHandler<Map<String, String>, String> {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public BareGetItemProbe(URI endpoint, String table, SdkHttpClient httpClient) {
        this.dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(httpClient).build();
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
        boolean crt = args.length > 3 && args[3].equals("crt");
        BareGetItemProbe handler = new BareGetItemProbe(URI.create(args[0]), args[1],
                crt ? AwsCrtHttpClient.create() : UrlConnectionHttpClient.create());
        if ("snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))
                && "true".equals(System.getenv("SKYPORT_PRIME_CLIENTS"))) {
            handler.handleRequest(Map.of("user", "priming"), null);
        }
        long initialised = System.nanoTime();
        InvokeCpuShare.enter();
        System.out.println("status=" + handler.handleRequest(Map.of("user", args[2]), null));
        long answered = System.nanoTime();
        handler.handleRequest(Map.of("user", args[2]), null);
        ProbeFigures.print(start, initialised, answered);
    }
}
