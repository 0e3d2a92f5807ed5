package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.console.ConsoleHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The web console's side of the SkyportApi stack: one CloudFront distribution for the console (a private bucket
 * read through origin access control) and the API (uncached, with the person's cookies), the console's headers,
 * and an edge function that routes as the local platform does.
 */
class ConsoleDistributionTest extends SynthesizedStacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_console_bucket_is_private_and_only_cloudfront_reads_it() {
        api.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        api.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of(
                "OriginAccessControlConfig", Match.objectLike(Map.of("SigningBehavior", "always",
                        "OriginAccessControlOriginType", "s3"))));
        api.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition", Match.objectLike(Map.of("StringEquals",
                                Match.objectLike(Map.of("AWS:SourceArn", Match.anyValue())))))))))));
    }

    @Test
    void every_path_of_the_api_goes_to_api_gateway_uncached_with_the_viewers_cookies() throws Exception {
        JsonNode distribution = JSON.valueToTree(api.findResources("AWS::CloudFront::Distribution"))
                .elements().next().at("/Properties/DistributionConfig");
        List<String> patterns = new ArrayList<>();
        for (JsonNode behavior : distribution.path("CacheBehaviors")) {
            patterns.add(behavior.path("PathPattern").asText());
            // Managed policies: CachingDisabled, AllViewerExceptHostHeader
            assertThat(behavior.path("CachePolicyId").asText()).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
            assertThat(behavior.path("OriginRequestPolicyId").asText())
                    .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
            assertThat(behavior.path("ViewerProtocolPolicy").asText()).isEqualTo("https-only");
            assertThat(behavior.path("AllowedMethods")).hasSize(7);
        }
        assertThat(patterns).contains("/auth", "/auth/*", "/clusters", "/clusters/*", "/cloud-accounts/*", "/me",
                "/me/*", "/notifications/*", "/admin/*").doesNotContain("/console/*");
        JsonNode console = distribution.path("DefaultCacheBehavior");
        assertThat(console.path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
        assertThat(console.path("FunctionAssociations")).hasSize(1);
        assertThat(console.path("ResponseHeadersPolicyId").isMissingNode()).isFalse();
    }

    @Test
    void the_console_gets_the_same_security_headers_as_locally_with_the_websocket_api_allowed() throws Exception {
        JsonNode policy = JSON.valueToTree(api.findResources("AWS::CloudFront::ResponseHeadersPolicy"))
                .elements().next().at("/Properties/ResponseHeadersPolicyConfig");
        String csp = policy.at("/SecurityHeadersConfig/ContentSecurityPolicy/ContentSecurityPolicy").toString();
        // The WebSocket origin is a token (the API's id and region), so the policy is a join around it.
        for (String directive : ConsoleHeaders.contentSecurityPolicy().split("; ")) {
            assertThat(csp).contains(directive.replace("connect-src 'self'", "connect-src 'self' wss://"));
        }
        assertThat(policy.at("/SecurityHeadersConfig/FrameOptions/FrameOption").asText()).isEqualTo("DENY");
        assertThat(policy.at("/SecurityHeadersConfig/ReferrerPolicy/ReferrerPolicy").asText()).isEqualTo("same-origin");
        assertThat(policy.at("/SecurityHeadersConfig/StrictTransportSecurity/AccessControlMaxAgeSec").asInt())
                .isGreaterThanOrEqualTo(31_536_000);
        assertThat(policy.at("/CustomHeadersConfig/Items").findValuesAsText("Header"))
                .contains("Cross-Origin-Opener-Policy", "Permissions-Policy");
    }

    @Test
    void the_mailed_links_and_the_outputs_lead_to_the_distribution() {
        Map<String, Object> auth = environmentOf("dev.skyport.auth.AuthHandler");
        assertThat(auth.get("SKYPORT_IDENTITY_PUBLIC_BASE_URL").toString()).contains("https://")
                .contains("ConsoleDistribution").contains("DomainName");
        api.hasOutput("ConsoleUrl", Match.objectLike(Map.of("Value", Match.anyValue())));
    }

    /**
     * The edge function, run by Node.js as CloudFront runs it: {@code /} leads to the console, the console's pages
     * get its index.html, its files and the API's paths pass as they are.
     */
    @Test
    void the_edge_function_routes_the_console_as_the_local_platform_does() throws Exception {
        String code = edgeFunction("console");
        String script = code + """
                const uris = JSON.parse(require('fs').readFileSync(0, 'utf8'));
                process.stdout.write(JSON.stringify(uris.map((uri) => {
                  const result = handler({ request: { uri } });
                  return result.statusCode ? result.statusCode + ' ' + result.headers.location.value : result.uri;
                })));
                """;
        Path file = Files.createTempFile("viewer-request", ".cjs");
        Files.writeString(file, script);
        Process node = new ProcessBuilder("node", file.toString()).start();
        node.getOutputStream().write(JSON.writeValueAsBytes(List.of("/", "/console", "/console/",
                "/console/clusters/abc", "/console/assets/index-1.js", "/console/config.json", "/auth/login")));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes());
        assertThat(node.waitFor()).as(new String(node.getErrorStream().readAllBytes())).isZero();
        assertThat(JSON.readValue(out, String[].class)).containsExactly("303 /console/", "/console/index.html",
                "/console/index.html", "/console/index.html", "/console/assets/index-1.js", "/console/config.json",
                "/auth/login");
    }

    /**
     * Behind the distribution API Gateway sees an edge server: every API path runs a function that writes the
     * viewer's own address over whatever the client sent, and the API origin carries the secret by which the HTTP
     * functions (and only they) know the distribution (ViewerAddresses).
     */
    @Test
    void the_api_hears_the_viewers_address_from_the_distribution_and_only_from_it() throws Exception {
        JsonNode distribution = JSON.valueToTree(api.findResources("AWS::CloudFront::Distribution"))
                .elements().next().at("/Properties/DistributionConfig");
        for (JsonNode behavior : distribution.path("CacheBehaviors")) {
            assertThat(behavior.path("FunctionAssociations").findValuesAsText("EventType"))
                    .as(behavior.path("PathPattern").asText()).containsExactly("viewer-request");
        }
        JsonNode apiOrigin = null;
        for (JsonNode origin : distribution.path("Origins")) {
            if (origin.has("CustomOriginConfig")) {
                apiOrigin = origin;
            }
        }
        assertThat(apiOrigin).isNotNull();
        assertThat(apiOrigin.path("OriginCustomHeaders").findValuesAsText("HeaderName"))
                .containsExactly("x-skyport-origin-verify");
        JsonNode secret = apiOrigin.path("OriginCustomHeaders").get(0).path("HeaderValue");
        assertThat(secret.toString()).contains("{{resolve:secretsmanager:").contains("OriginVerify");
        for (String handler : List.of("dev.skyport.auth.AuthHandler", "dev.skyport.accounts.AccountsHandler",
                "dev.skyport.clusters.ClustersHandler", "dev.skyport.notifications.NotificationsHandler")) {
            assertThat((JsonNode) JSON.valueToTree(environmentOf(handler).get("SKYPORT_WEB_ORIGIN_VERIFY")))
                    .as(handler).isEqualTo(secret);
        }
        assertThat(environmentOf("dev.skyport.clusters.ClusterExpiryHandler"))
                .as("a function no request reaches does not know it").doesNotContainKey("SKYPORT_WEB_ORIGIN_VERIFY");

        String script = edgeFunction("viewer's address") + """
                const sent = { request: { uri: '/auth/login', headers: {
                  'x-skyport-viewer-address': { value: '10.0.0.1' } } }, viewer: { ip: '198.51.100.7' } };
                process.stdout.write(handler(sent).headers['x-skyport-viewer-address'].value);
                """;
        Path file = Files.createTempFile("viewer-address", ".cjs");
        Files.writeString(file, script);
        Process node = new ProcessBuilder("node", file.toString()).start();
        String out = new String(node.getInputStream().readAllBytes());
        assertThat(node.waitFor()).as(new String(node.getErrorStream().readAllBytes())).isZero();
        assertThat(out).as("what the client sent is replaced").isEqualTo("198.51.100.7");
    }

    /** The code of the distribution's edge function whose comment says it is about {@code what}. */
    private String edgeFunction(String what) {
        for (JsonNode function : JSON.valueToTree(api.findResources("AWS::CloudFront::Function"))) {
            if (function.at("/Properties/FunctionConfig/Comment").asText().contains(what)) {
                return function.at("/Properties/FunctionCode").asText();
            }
        }
        throw new AssertionError("no edge function about " + what);
    }
}
