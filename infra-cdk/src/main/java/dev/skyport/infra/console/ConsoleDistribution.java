package dev.skyport.infra.console;

import dev.skyport.console.ApiDocument;
import dev.skyport.console.ConsoleHeaders;
import dev.skyport.platform.web.ViewerAddresses;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.ISource;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The one public address of a deployed Skyport: a CloudFront distribution that serves the web console from a
 * private S3 bucket (origin access control) under {@code /console/} and passes every path of the HTTP API to API
 * Gateway, uncached, with its cookies, headers and query. The console and the API share one origin, so the session
 * cookies (SameSite=Strict) and the CSRF double submit work as they do locally. The WebSocket API stays on its own
 * address, which the console reads from {@code /console/config.json} and its Content-Security-Policy names.
 */
public class ConsoleDistribution extends Construct {

    /**
     * Runs at the edge on every console request: {@code /} leads to the console, and a path under {@code /console/}
     * that names no file (one of the console's own pages) gets its index.html, as the local platform's
     * ConsoleController does.
     */
    static final String VIEWER_REQUEST = """
            function handler(event) {
              var request = event.request;
              var uri = request.uri;
              if (uri === '/') {
                return { statusCode: 303, statusDescription: 'See Other',
                         headers: { location: { value: '%1$s' } } };
              }
              var last = uri.substring(uri.lastIndexOf('/') + 1);
              if (uri === '/console' || (uri.indexOf('%1$s') === 0 && last.indexOf('.') < 0)) {
                request.uri = '%1$sindex.html';
              }
              return request;
            }
            """.formatted(ConsoleHeaders.PATH);

    /**
     * Runs at the edge on every API request: the viewer's address, as CloudFront saw the connection, replaces any
     * {@value ViewerAddresses#VIEWER_ADDRESS} the client sent (API Gateway would only see the edge server's).
     */
    static final String VIEWER_ADDRESS = """
            function handler(event) {
              var request = event.request;
              request.headers['%s'] = { value: event.viewer.ip };
              return request;
            }
            """.formatted(ViewerAddresses.VIEWER_ADDRESS);

    private final Distribution distribution;
    private final Bucket bucket;

    /**
     * @param originVerify the secret the distribution adds to each request it passes to the API, so that the
     *                     functions trust the viewer address it vouches for ({@link ViewerAddresses})
     */
    public ConsoleDistribution(Construct scope, String id, Path consoleBuild, HttpApi api, String webSocketUrl,
                               String webSocketOrigin, String originVerify) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .build();
        NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("The console's built files, rewritten on every deploy; reads reach them only through"
                        + " CloudFront, whose requests to the API are logged by API Gateway's access logs.")
                .build()));

        Function rewrite = Function.Builder.create(this, "ViewerRequest")
                .runtime(FunctionRuntime.JS_2_0)
                .comment("Skyport console: / to /console/, console pages to its index.html")
                .code(FunctionCode.fromInline(VIEWER_REQUEST))
                .build();

        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "Headers")
                .comment("Skyport console: strict CSP and security headers (ConsoleHeaders)")
                .securityHeadersBehavior(securityHeaders(webSocketOrigin))
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(customHeaders(webSocketOrigin)).build())
                .build();

        Function viewerAddress = Function.Builder.create(this, "ViewerAddress")
                .runtime(FunctionRuntime.JS_2_0)
                .comment("Skyport API: the viewer's address for the functions' per-client limits")
                .code(FunctionCode.fromInline(VIEWER_ADDRESS))
                .build();
        HttpOrigin apiOrigin = HttpOrigin.Builder.create(Fn.select(2, Fn.split("/", api.getApiEndpoint())))
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                // CloudFront replaces a client's header of the same name with this one.
                .customHeaders(Map.of(ViewerAddresses.ORIGIN_VERIFY, originVerify))
                .build();
        BehaviorOptions toApi = BehaviorOptions.builder()
                .origin(apiOrigin)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .functionAssociations(List.of(FunctionAssociation.builder()
                        .eventType(FunctionEventType.VIEWER_REQUEST).function(viewerAddress).build()))
                .build();
        Map<String, BehaviorOptions> apiPaths = new LinkedHashMap<>();
        for (String prefix : apiPrefixes()) {
            apiPaths.put(prefix, toApi);
            apiPaths.put(prefix + "/*", toApi);
        }

        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Skyport: the console and the API on one origin")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST).function(rewrite).build()))
                        .build())
                .additionalBehaviors(apiPaths)
                .build();
        NagSuppressions.addResourceSuppressions(distribution, List.of(
                NagPackSuppression.builder().id("AwsSolutions-CFR1")
                        .reason("Skyport is used from anywhere; an operator can add geo restrictions.").build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR2")
                        .reason("The API throttles per route and per account; a WAF web ACL is the operator's"
                                + " choice (docs/deploy.md).").build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR3")
                        .reason("API requests are logged by API Gateway's access logs; the console's static files"
                                + " need no access log.").build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR4")
                        .reason("The default *.cloudfront.net certificate; with a custom domain the distribution"
                                + " takes TLS 1.2 as the minimum.").build()));

        // Hashed files first (kept a year, never pruned, so a page loaded before a deploy still finds its scripts),
        // then the pages and the runtime configuration, which are never cached without asking.
        BucketDeployment assets = BucketDeployment.Builder.create(this, "Assets")
                .sources(List.of(Source.asset(consoleBuild.toString())))
                .exclude(List.of("*"))
                .include(List.of(ConsoleHeaders.HASHED_ASSETS + "*"))
                .destinationBucket(bucket)
                .destinationKeyPrefix(ConsoleHeaders.PATH.substring(1))
                .cacheControl(List.of(CacheControl.fromString(ConsoleHeaders.cacheControl(
                        ConsoleHeaders.HASHED_ASSETS + "x"))))
                .prune(false)
                .build();
        ISource config = Source.jsonData("config.json", Map.of("websocket_url", webSocketUrl));
        BucketDeployment pages = BucketDeployment.Builder.create(this, "Pages")
                .sources(List.of(Source.asset(consoleBuild.toString()), config))
                .exclude(List.of(ConsoleHeaders.HASHED_ASSETS + "*"))
                .destinationBucket(bucket)
                .destinationKeyPrefix(ConsoleHeaders.PATH.substring(1))
                .cacheControl(List.of(CacheControl.fromString(ConsoleHeaders.cacheControl("index.html"))))
                .prune(false)
                .distribution(distribution)
                .distributionPaths(List.of(ConsoleHeaders.PATH + "*"))
                .build();
        pages.getNode().addDependency(assets);
        // CDK's one deployment function per stack: its role reads the asset bucket, writes and prunes the console's
        // bucket and invalidates the distribution's cache (CloudFront invalidations name no resource).
        Stack.of(this).getNode().getChildren().stream()
                .filter(child -> child.getNode().getId().startsWith("Custom::CDKBucketDeployment"))
                .forEach(function -> NagSuppressions.addResourceSuppressions(function, List.of(
                        NagPackSuppression.builder().id("AwsSolutions-IAM5")
                                .reason("CDK's bucket deployment grants: object reads of the CDK asset bucket,"
                                        + " object writes and deletes in the console's bucket only, and"
                                        + " cloudfront:CreateInvalidation/GetInvalidation, which take no resource.")
                                .build()), true));
        NagSuppressions.addStackSuppressions(Stack.of(this), List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                + "AWSLambdaBasicExecutionRole"))
                        .reason("CDK's bucket deployment function (CDK makes it and its role) has"
                                + " AWSLambdaBasicExecutionRole: logs:CreateLogGroup, logs:CreateLogStream and"
                                + " logs:PutLogEvents on every log group of the account ('*'). It runs only while"
                                + " CloudFormation deploys the console; Skyport's own functions write their own log"
                                + " group only.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("CDK's bucket deployment function: its runtime is CDK's choice.").build()));
    }

    /** The first segment of every path of the API's document ({@code /auth}, {@code /clusters}, ...). */
    static List<String> apiPrefixes() {
        try (InputStream in = ConsoleDistribution.class.getClassLoader().getResourceAsStream(ApiDocument.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ApiDocument.RESOURCE
                        + " is not on the classpath: build shared/console");
            }
            Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            @SuppressWarnings("unchecked")
            Map<String, Object> paths = (Map<String, Object>) document.get("paths");
            TreeSet<String> prefixes = new TreeSet<>();
            paths.keySet().forEach(path -> prefixes.add("/" + path.split("/")[1]));
            return List.copyOf(prefixes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + ApiDocument.RESOURCE, e);
        }
    }

    private static ResponseSecurityHeadersBehavior securityHeaders(String webSocketOrigin) {
        Map<String, String> wanted = ConsoleHeaders.security(webSocketOrigin);
        return ResponseSecurityHeadersBehavior.builder()
                .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                        .contentSecurityPolicy(wanted.get("Content-Security-Policy")).override(true).build())
                .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                .frameOptions(ResponseHeadersFrameOptions.builder()
                        .frameOption(HeadersFrameOption.valueOf(wanted.get("X-Frame-Options"))).override(true)
                        .build())
                .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                        .referrerPolicy(HeadersReferrerPolicy.valueOf(wanted.get("Referrer-Policy")
                                .toUpperCase(Locale.ROOT).replace('-', '_')))
                        .override(true).build())
                .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                        .accessControlMaxAge(Duration.days(365)).includeSubdomains(true).override(true).build())
                .build();
    }

    /** What CloudFront has no security setting for goes as custom headers. */
    private static List<ResponseCustomHeader> customHeaders(String webSocketOrigin) {
        List<String> covered = List.of("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                "Referrer-Policy");
        return ConsoleHeaders.security(webSocketOrigin).entrySet().stream()
                .filter(header -> !covered.contains(header.getKey()))
                .map(header -> ResponseCustomHeader.builder().header(header.getKey()).value(header.getValue())
                        .override(true).build())
                .toList();
    }

    public Distribution distribution() {
        return distribution;
    }

    public Bucket bucket() {
        return bucket;
    }

    /** {@code https://<id>.cloudfront.net}: the console at /console/, the API at its own paths. */
    public String url() {
        return "https://" + distribution.getDistributionDomainName();
    }
}
