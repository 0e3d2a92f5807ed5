package dev.skyport.cloudaccounts.adapter.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.application.CloudVerifier;
import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudCredentials.AzureServicePrincipal;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.CloudVerificationException.Cause;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure: azure-identity's ClientSecretCredential obtains a token from Azure AD; the ARM subscriptions list must be
 * readable with it (and contain the subscription when one is given). Storage accounts stand in for buckets.
 */
@Singleton
public class ArmCloudVerifier implements CloudVerifier {

    static final String SUBSCRIPTIONS_API = "2022-12-01";
    static final String STORAGE_API = "2023-05-01";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ArmCloudVerifier.class);
    private static final Pattern AAD_CODE = Pattern.compile("AADSTS(\\d+)");

    private final ProviderSettings settings;
    private final JsonMapper json;

    public ArmCloudVerifier(ProviderSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AZURE;
    }

    @Override
    public VerifiedAccount verify(CloudCredentials credentials, String externalId) {
        AzureServicePrincipal principal = principal(credentials);
        List<String> subscriptions = subscriptions(token(principal));
        if (subscriptions.isEmpty()) {
            throw new CloudVerificationException(Cause.MISSING_PERMISSION, "NoSubscriptionVisible",
                    "the service principal sees no subscription; give it a role (Reader at least) on one");
        }
        if (principal.subscriptionId().isPresent() && !subscriptions.contains(principal.subscriptionId().get())) {
            throw new CloudVerificationException(Cause.MISSING_PERMISSION, "SubscriptionNotVisible",
                    "the service principal cannot see subscription " + principal.subscriptionId().get());
        }
        return new VerifiedAccount(Map.of("tenant_id", principal.tenantId(),
                "subscriptions", String.join(",", subscriptions)), Map.of());
    }

    @Override
    public List<Bucket> buckets(CloudCredentials credentials, String externalId) {
        AzureServicePrincipal principal = principal(credentials);
        String token = token(principal);
        List<String> subscriptions = principal.subscriptionId().map(List::of).orElseGet(() -> subscriptions(token));
        List<Bucket> buckets = new ArrayList<>();
        for (String subscription : subscriptions) {
            JsonNode accounts = get(token, "/subscriptions/" + subscription
                    + "/providers/Microsoft.Storage/storageAccounts?api-version=" + STORAGE_API);
            for (JsonNode account : accounts.get("value").values()) {
                buckets.add(new Bucket(account.get("name").getStringValue(),
                        account.get("location") == null ? "" : account.get("location").getStringValue()));
            }
        }
        return buckets;
    }

    private static AzureServicePrincipal principal(CloudCredentials credentials) {
        if (credentials instanceof AzureServicePrincipal principal) {
            return principal;
        }
        throw new IllegalArgumentException("not Azure credentials: " + credentials.provider());
    }

    private String token(AzureServicePrincipal principal) {
        ClientSecretCredential credential = new ClientSecretCredentialBuilder()
                .tenantId(principal.tenantId())
                .clientId(principal.clientId())
                .clientSecret(principal.clientSecret())
                .authorityHost(settings.getAzureAuthorityHost().toString())
                .disableInstanceDiscovery()
                .maxRetry(0)
                .httpClient(new JdkHttpClientBuilder().connectionTimeout(settings.getTimeout()).build())
                .build();
        try {
            AccessToken token = credential.getToken(new TokenRequestContext()
                    .addScopes(settings.getAzureArmHost().toString().replaceAll("/+$", "") + "/.default"))
                    .block(settings.getTimeout());
            if (token == null) {
                throw new CloudVerificationException(Cause.INVALID_CREDENTIALS, null, "Azure AD returned no token");
            }
            return token.getToken();
        } catch (ClientAuthenticationException refused) {
            throw translate(refused);
        } catch (RuntimeException other) {
            if (other instanceof IllegalStateException && String.valueOf(other.getMessage()).startsWith("Timeout")) {
                throw new CloudVerificationException(Cause.TIMEOUT, null, "Azure AD did not answer in time");
            }
            if (causedBy(other, ConnectException.class) || causedBy(other, java.net.UnknownHostException.class)) {
                throw new CloudVerificationException(Cause.UNREACHABLE, null, "Azure AD could not be reached");
            }
            if (causedBy(other, java.util.concurrent.TimeoutException.class)
                    || causedBy(other, HttpTimeoutException.class)) {
                throw new CloudVerificationException(Cause.TIMEOUT, null, "Azure AD did not answer in time");
            }
            LOG.info("Azure AD refused a sign-in: {}", other.getMessage());
            throw translate(other);
        }
    }

    static CloudVerificationException translate(RuntimeException refused) {
        String message = String.valueOf(refused.getMessage());
        Matcher matcher = AAD_CODE.matcher(message);
        String code = matcher.find() ? "AADSTS" + matcher.group(1) : null;
        Cause cause = switch (code == null ? "" : code) {
            case "AADSTS7000215" -> Cause.WRONG_SECRET;
            case "AADSTS7000222" -> Cause.EXPIRED;
            default -> Cause.INVALID_CREDENTIALS;
        };
        String detail = switch (cause) {
            case WRONG_SECRET -> "Azure AD does not accept the client secret";
            case EXPIRED -> "the client secret has expired";
            default -> "Azure AD does not know this tenant or client";
        };
        return new CloudVerificationException(cause, code, detail);
    }

    private List<String> subscriptions(String token) {
        JsonNode page = get(token, "/subscriptions?api-version=" + SUBSCRIPTIONS_API);
        List<String> ids = new ArrayList<>();
        for (JsonNode subscription : page.get("value").values()) {
            ids.add(subscription.get("subscriptionId").getStringValue());
        }
        return ids;
    }

    private JsonNode get(String token, String path) {
        URI uri = URI.create(settings.getAzureArmHost().toString().replaceAll("/+$", "") + path);
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.getTimeout()).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(settings.getTimeout())
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new CloudVerificationException(Cause.UNREACHABLE, null, "Azure Resource Manager could not be reached");
        } catch (HttpTimeoutException e) {
            throw new CloudVerificationException(Cause.TIMEOUT, null, "Azure Resource Manager did not answer in time");
        } catch (IOException e) {
            throw new CloudVerificationException(Cause.UNREACHABLE, null, "Azure Resource Manager could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudVerificationException(Cause.TIMEOUT, null, "interrupted while waiting for Azure");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new CloudVerificationException(Cause.MISSING_PERMISSION, errorCode(body),
                    "Azure Resource Manager refused to list " + (path.contains("storageAccounts")
                            ? "storage accounts" : "subscriptions"));
        }
        if (response.statusCode() != 200 || body.get("value") == null) {
            throw new CloudVerificationException(Cause.UNREACHABLE, errorCode(body),
                    "Azure Resource Manager answered " + response.statusCode());
        }
        return body;
    }

    private JsonNode parse(String text) {
        try {
            return json.readValue(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return JsonNode.createObjectNode(Map.of());
        }
    }

    private static String errorCode(JsonNode body) {
        JsonNode error = body.get("error");
        return error != null && error.get("code") != null ? error.get("code").getStringValue() : null;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
