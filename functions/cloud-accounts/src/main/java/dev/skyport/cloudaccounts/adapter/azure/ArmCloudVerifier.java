package dev.skyport.cloudaccounts.adapter.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.adapter.permissions.PublishedRoles;
import dev.skyport.cloudaccounts.application.CloudPreflight;
import dev.skyport.cloudaccounts.application.CloudVerifier;
import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudCredentials.AzureServicePrincipal;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.CloudVerificationException.Cause;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Azure: azure-identity's ClientSecretCredential obtains a token from Azure AD; the ARM subscriptions list must be
 * readable with it (and contain the subscription when one is given). Storage accounts stand in for buckets. A run's
 * preflight asks ARM for the principal's permissions on the resource group {@code skyport} (every action of
 * Skyport's published role, {@code azure-role.json}) and on the state's storage account (its blobs' data actions),
 * and reads the storage account: there, versioned, no public blob access, its {@code tfstate} container made.
 */
@Singleton
public class ArmCloudVerifier implements CloudVerifier, CloudPreflight {

    static final String SUBSCRIPTIONS_API = "2022-12-01";
    static final String STORAGE_API = "2023-05-01";
    static final String PERMISSIONS_API = "2022-04-01";
    /** The resource group every cluster goes to (made by the customer, where Skyport's role is assigned). */
    static final String RESOURCE_GROUP = "skyport";
    /** The container of the states (TerraformRunConfig's). */
    static final String STATE_CONTAINER = "tfstate";
    /** What a run does with the state's blobs (Storage Blob Data Contributor). */
    static final List<String> STATE_DATA_ACTIONS = List.of(
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete");
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
            String page = "/subscriptions/" + subscription + "/providers/Microsoft.Storage/storageAccounts?api-version="
                    + STORAGE_API;
            while (page != null) {
                JsonNode accounts = get(token, page);
                for (JsonNode account : accounts.get("value").values()) {
                    buckets.add(new Bucket(account.get("name").getStringValue(),
                            account.get("location") == null ? "" : account.get("location").getStringValue()));
                }
                page = nextPage(accounts);
            }
        }
        return buckets;
    }

    @Override
    public PreflightReport preflight(CloudCredentials credentials, String externalId, PreflightScope scope) {
        AzureServicePrincipal principal = principal(credentials);
        if (principal.subscriptionId().isEmpty()) {
            return PreflightReport.of(PreflightReport.PREREQUISITE_MISSING, "the cloud account names no"
                    + " subscription_id, which Terraform's AzureRM provider needs: connect it again with one");
        }
        String token = token(principal);
        String subscription = "/subscriptions/" + principal.subscriptionId().get();
        String group = subscription + "/resourceGroups/" + RESOURCE_GROUP;
        Reply permissions = send(token, group + "/providers/Microsoft.Authorization/permissions?api-version="
                + PERMISSIONS_API);
        PreflightReport report = switch (permissions.status()) {
            case 200 -> PreflightReport.missing(unpermitted(permissions.body(), "actions",
                    PublishedRoles.azureActions()).stream().map(action -> action + " on resource group "
                    + RESOURCE_GROUP).toList());
            case 403, 404 -> PreflightReport.of(PreflightReport.PREREQUISITE_MISSING, "resource group "
                    + RESOURCE_GROUP + " is not there, or Skyport's role is not assigned on it ("
                    + errorCode(permissions.body()) + ")");
            default -> throw unexpected(permissions);
        };
        return report.and(stateAccount(token, subscription, scope.stateBucket()));
    }

    /** The state's storage account: there, versioned, no public blob access, its container made, its blobs ours. */
    private PreflightReport stateAccount(String token, String subscription, String name) {
        Optional<JsonNode> account = Optional.empty();
        String page = subscription + "/providers/Microsoft.Storage/storageAccounts?api-version=" + STORAGE_API;
        while (page != null && account.isEmpty()) {
            Reply accounts = send(token, page);
            if (accounts.status() == 403) {
                return PreflightReport.missing(List.of("Microsoft.Storage/storageAccounts/read on " + subscription
                        + " (Reader), to find the state's storage account"));
            }
            if (accounts.status() != 200 || accounts.body().get("value") == null) {
                throw unexpected(accounts);
            }
            for (JsonNode candidate : accounts.body().get("value").values()) {
                if (candidate.get("name") != null && name.equals(candidate.get("name").getStringValue())) {
                    account = Optional.of(candidate);
                }
            }
            page = nextPage(accounts.body());
        }
        if (account.isEmpty()) {
            return PreflightReport.of(PreflightReport.STATE_BUCKET_NOT_FOUND, "storage account " + name
                    + " is not in subscription " + subscription.substring("/subscriptions/".length()));
        }
        String id = account.get().get("id").getStringValue();
        String where = " on storage account " + name;
        List<PreflightReport.Finding> findings = new ArrayList<>();
        Reply blobs = send(token, id + "/blobServices/default?api-version=" + STORAGE_API);
        if (blobs.status() == 403) {
            findings.add(new PreflightReport.Finding(PreflightReport.MISSING_PERMISSIONS,
                    "Microsoft.Storage/storageAccounts/blobServices/read" + where + " (Reader)"));
        } else if (blobs.status() != 200) {
            throw unexpected(blobs);
        } else if (!isTrue(blobs.body().get("properties"), "isVersioningEnabled")) {
            findings.add(new PreflightReport.Finding(PreflightReport.STATE_BUCKET_UNVERSIONED, "storage account "
                    + name + " keeps no blob versions: turn versioning on, so a bad write cannot lose a cluster's"
                    + " state"));
        }
        JsonNode publicAccess = account.get().get("properties") == null ? null
                : account.get().get("properties").get("allowBlobPublicAccess");
        if (publicAccess == null || !publicAccess.isBoolean() || publicAccess.getBooleanValue()) {
            findings.add(new PreflightReport.Finding(PreflightReport.STATE_BUCKET_PUBLIC, "storage account " + name
                    + " allows public blob access (allowBlobPublicAccess): the state holds the cluster's secrets"));
        }
        Reply container = send(token, id + "/blobServices/default/containers/" + STATE_CONTAINER + "?api-version="
                + STORAGE_API);
        switch (container.status()) {
            case 200 -> { }
            case 404 -> findings.add(new PreflightReport.Finding(PreflightReport.PREREQUISITE_MISSING,
                    "storage account " + name + " has no container " + STATE_CONTAINER + ": make it once"));
            case 403 -> findings.add(new PreflightReport.Finding(PreflightReport.MISSING_PERMISSIONS,
                    "Microsoft.Storage/storageAccounts/blobServices/containers/read" + where));
            default -> throw unexpected(container);
        }
        Reply data = send(token, id + "/providers/Microsoft.Authorization/permissions?api-version="
                + PERMISSIONS_API);
        switch (data.status()) {
            case 200 -> unpermitted(data.body(), "dataActions", STATE_DATA_ACTIONS).forEach(action -> findings.add(
                    new PreflightReport.Finding(PreflightReport.MISSING_PERMISSIONS, action + where
                            + " (Storage Blob Data Contributor)")));
            case 403 -> findings.add(new PreflightReport.Finding(PreflightReport.MISSING_PERMISSIONS,
                    "Microsoft.Authorization/permissions/read" + where + " (Reader)"));
            default -> throw unexpected(data);
        }
        return new PreflightReport(findings);
    }

    private static boolean isTrue(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        return value != null && value.isBoolean() && value.getBooleanValue();
    }

    /**
     * ARM's next page of a list, as a path of ARM's own: a {@code nextLink} that points anywhere else is not
     * followed (the token would go with it).
     */
    private String nextPage(JsonNode list) {
        JsonNode next = list.get("nextLink");
        String arm = settings.azureArmHost().toString().replaceAll("/+$", "");
        if (next == null || !next.isString() || !next.getStringValue().startsWith(arm + "/")) {
            return null;
        }
        return next.getStringValue().substring(arm.length());
    }

    /**
     * Which of {@code wanted} no permission of ARM's answer grants: an action is granted by a permission whose
     * actions (or data actions) match it and whose not-actions do not. Matching is case-insensitive, {@code *} any
     * run of characters, as in Azure role definitions.
     */
    static List<String> unpermitted(JsonNode answer, String kind, List<String> wanted) {
        String not = "not" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        List<String> missing = new ArrayList<>();
        for (String action : wanted) {
            boolean granted = false;
            JsonNode value = answer.get("value");
            for (JsonNode permission : value == null ? List.<JsonNode>of() : value.values()) {
                if (matchesAny(permission.get(kind), action) && !matchesAny(permission.get(not), action)) {
                    granted = true;
                    break;
                }
            }
            if (!granted) {
                missing.add(action);
            }
        }
        return missing;
    }

    private static boolean matchesAny(JsonNode patterns, String action) {
        if (patterns == null) {
            return false;
        }
        for (JsonNode pattern : patterns.values()) {
            String regex = Arrays.stream(pattern.getStringValue().toLowerCase(Locale.ROOT).split("\\*", -1))
                    .map(Pattern::quote).collect(Collectors.joining(".*"));
            if (action.toLowerCase(Locale.ROOT).matches(regex)) {
                return true;
            }
        }
        return false;
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
                .authorityHost(settings.azureAuthorityHost().toString())
                .disableInstanceDiscovery()
                .maxRetry(0)
                .httpClient(new JdkHttpClientBuilder().connectionTimeout(settings.timeout()).build())
                .build();
        try {
            AccessToken token = credential.getToken(new TokenRequestContext()
                    .addScopes(settings.azureArmHost().toString().replaceAll("/+$", "") + "/.default"))
                    .block(settings.timeout());
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

    /** An ARM answer: its status and JSON body (empty when it had none). */
    private record Reply(int status, JsonNode body) {
    }

    private Reply send(String token, String path) {
        URI uri = URI.create(settings.azureArmHost().toString().replaceAll("/+$", "") + path);
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), parse(response.body()));
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
    }

    private static CloudVerificationException unexpected(Reply reply) {
        return new CloudVerificationException(Cause.UNREACHABLE, errorCode(reply.body()),
                "Azure Resource Manager answered " + reply.status());
    }

    private JsonNode get(String token, String path) {
        Reply reply = send(token, path);
        if (reply.status() == 401 || reply.status() == 403) {
            throw new CloudVerificationException(Cause.MISSING_PERMISSION, errorCode(reply.body()),
                    "Azure Resource Manager refused to list " + (path.contains("storageAccounts")
                            ? "storage accounts" : "subscriptions"));
        }
        if (reply.status() != 200 || reply.body().get("value") == null) {
            throw unexpected(reply);
        }
        return reply.body();
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
