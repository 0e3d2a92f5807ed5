package dev.skyport.cloudaccounts.web;

import dev.skyport.cloudaccounts.application.CloudAccountService;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.web.ClientAddress;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import dev.skyport.platform.sessions.StepUp;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The signed-in person's cloud accounts. Another person's account id answers 404, as if it did not exist. */
@Controller("/cloud-accounts")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class CloudAccountsController {

    /** What the document says of a credentials object, whose fields depend on the provider. */
    static final String CREDENTIALS = "the provider's credentials: access_key_id and secret_access_key,"
            + " or role_arn (AWS); tenant_id, client_id, client_secret, subscription_id (Azure);"
            + " service_account_json (GCP)";

    private static final String SERVICE_ACCOUNT_JSON = "service_account_json";

    private final CloudAccountService service;
    private final JsonMapper json;
    private final List<String> trustedPrincipals;
    private final StepUp stepUp;

    public CloudAccountsController(CloudAccountService service, JsonMapper json, TrustSettings trust, StepUp stepUp) {
        this.stepUp = stepUp;
        this.service = service;
        this.json = json;
        this.trustedPrincipals = trust.awsTrustedPrincipals();
    }

    /**
     * Connects a cloud account once the provider has accepted its credentials. With two-factor sign-in on, the
     * session's second factor must be under 15 minutes old (403 mfa-step-up-required: POST /auth/mfa/step-up).
     */
    @Post
    @Status(HttpStatus.CREATED)
    public MutableHttpResponse<CloudAccountView> connectCloudAccount(Authentication caller, HttpRequest<?> http,
                                                         @Body ConnectRequest request) {
        stepUp.require(caller);
        ConnectRequest body = require(request);
        CloudAccount account = service.connect(owner(caller), ClientAddress.of(http).value(), body.name(), body.provider(), body.environment(),
                credentials(body.credentials()));
        return HttpResponse.created(CloudAccountView.of(account), URI.create("/cloud-accounts/" + account.id()));
    }

    /** Your cloud accounts, with masked credentials. */
    @Get
    public AccountList listCloudAccounts(Authentication caller) {
        return new AccountList(service.list(owner(caller)).stream().map(CloudAccountView::of).toList());
    }

    /**
     * The external id to put in the trust policy of a role Skyport may assume, and Skyport's principals that policy
     * must trust (the verifier and the run broker; none on the local platform, which uses your own credentials).
     */
    @Get("/aws/external-id")
    public ExternalId externalId(Authentication caller) {
        return new ExternalId(service.externalId(owner(caller)), trustedPrincipals);
    }

    /** One of your cloud accounts. */
    @Get("/{id}")
    public CloudAccountView getCloudAccount(Authentication caller, @PathVariable String id) {
        return CloudAccountView.of(service.get(owner(caller), CloudAccountId.parse(id)));
    }

    /** Asks the provider again whether the credentials work, and records the answer. */
    @Post("/{id}/verify")
    public CloudAccountView verifyCloudAccount(Authentication caller, @PathVariable String id) {
        return CloudAccountView.of(service.reverify(owner(caller), CloudAccountId.parse(id)));
    }

    /** Replaces the credentials, once the provider has accepted the new ones; a fresh second factor as to connect. */
    @Put("/{id}/credentials")
    public CloudAccountView rotateCredentials(Authentication caller, HttpRequest<?> http, @PathVariable String id,
                                   @Body RotateRequest request) {
        stepUp.require(caller);
        return CloudAccountView.of(service.rotate(owner(caller), ClientAddress.of(http).value(), CloudAccountId.parse(id),
                credentials(require(request).credentials())));
    }

    /** Removes the cloud account; its secret stays recoverable for 7 days. */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public HttpResponse<Void> deleteCloudAccount(Authentication caller, @PathVariable String id) {
        service.delete(owner(caller), CloudAccountId.parse(id));
        return HttpResponse.noContent();
    }

    /** The buckets (AWS, GCP) or storage accounts (Azure) that can hold Terraform state. */
    @Get("/{id}/buckets")
    public BucketList listBuckets(Authentication caller, @PathVariable String id) {
        return new BucketList(service.buckets(owner(caller), CloudAccountId.parse(id)).stream()
                .map(bucket -> new BucketView(bucket.name(), bucket.location())).toList());
    }

    /**
     * Each credential is text; a service-account key may come as the JSON object itself or as its text. The body's
     * types were checked on the way in, but a credentials object is free-form there: its values are checked here.
     */
    private Map<String, ?> credentials(@Nullable Map<String, Object> fields) {
        if (fields == null) {
            return Map.of();
        }
        fields.forEach((name, value) -> {
            boolean keyObject = name.equals(SERVICE_ACCOUNT_JSON) && value instanceof Map<?, ?>;
            if (value != null && !(value instanceof String) && !keyObject) {
                throw DomainException.invalid("malformed-request", "credentials." + name + " must be a string"
                        + (name.equals(SERVICE_ACCOUNT_JSON) ? " or the key file's JSON object" : ""));
            }
        });
        Map<String, Object> normalised = new HashMap<>(fields);
        Object key = fields.get(SERVICE_ACCOUNT_JSON);
        if (key instanceof Map<?, ?> object) {
            try {
                normalised.put(SERVICE_ACCOUNT_JSON, json.writeValueAsString(object));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return normalised;
    }

    private static UserId owner(Authentication caller) {
        return new UserId(caller.getName());
    }

    private static <T> T require(@Nullable T body) {
        if (body == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        return body;
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ConnectRequest(@Nullable String name, @Nullable String provider, @Nullable String environment,
                                 @Nullable @Schema(description = CREDENTIALS,
                                         additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                                 Map<String, Object> credentials) {
        @Override
        public String toString() {
            return "ConnectRequest[name=" + name + ", provider=" + provider + "]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RotateRequest(@Nullable @Schema(description = CREDENTIALS,
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> credentials) {
        @Override
        public String toString() {
            return "RotateRequest[****]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record LastVerification(Instant at, boolean ok, @Nullable String problem) {
    }

    /** A cloud account as the API shows it: the masked summary, never a secret. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CloudAccountView(String id, String name, String provider, String environment,
                                   Map<String, String> credentials, Map<String, String> details, Instant createdAt,
                                   LastVerification lastVerification) {
        static CloudAccountView of(CloudAccount account) {
            return new CloudAccountView(account.id().value(), account.name().value(), account.provider().wireName(),
                    account.environment().wireName(), account.summary(), account.details(), account.createdAt(),
                    new LastVerification(account.lastVerifiedAt(), account.lastVerificationOk(),
                            account.lastVerificationProblem().map(slug -> "https://skyport.dev/problems/" + slug)
                                    .orElse(null)));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record AccountList(List<CloudAccountView> accounts) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ExternalId(String externalId, List<String> trustedPrincipals) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record BucketList(List<BucketView> buckets) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record BucketView(String name, String location) {
    }
}
