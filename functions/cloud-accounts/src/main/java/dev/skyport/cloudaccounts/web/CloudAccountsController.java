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
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
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

    private final CloudAccountService service;
    private final JsonMapper json;
    private final List<String> trustedPrincipals;

    public CloudAccountsController(CloudAccountService service, JsonMapper json, TrustSettings trust) {
        this.service = service;
        this.json = json;
        this.trustedPrincipals = trust.principals();
    }

    @Post
    public MutableHttpResponse<CloudAccountView> connect(Authentication caller, HttpRequest<?> http,
                                                         @Body ConnectRequest request) {
        ConnectRequest body = require(request);
        CloudAccount account = service.connect(owner(caller), ClientAddress.of(http).value(), body.name(), body.provider(), body.environment(),
                credentials(body.credentials()));
        return HttpResponse.created(CloudAccountView.of(account), URI.create("/cloud-accounts/" + account.id()));
    }

    @Get
    public AccountList list(Authentication caller) {
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

    @Get("/{id}")
    public CloudAccountView get(Authentication caller, @PathVariable String id) {
        return CloudAccountView.of(service.get(owner(caller), CloudAccountId.parse(id)));
    }

    @Post("/{id}/verify")
    public CloudAccountView verify(Authentication caller, @PathVariable String id) {
        return CloudAccountView.of(service.reverify(owner(caller), CloudAccountId.parse(id)));
    }

    @Put("/{id}/credentials")
    public CloudAccountView rotate(Authentication caller, HttpRequest<?> http, @PathVariable String id,
                                   @Body RotateRequest request) {
        return CloudAccountView.of(service.rotate(owner(caller), ClientAddress.of(http).value(), CloudAccountId.parse(id),
                credentials(require(request).credentials())));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(Authentication caller, @PathVariable String id) {
        service.delete(owner(caller), CloudAccountId.parse(id));
        return HttpResponse.noContent();
    }

    @Get("/{id}/buckets")
    public BucketList buckets(Authentication caller, @PathVariable String id) {
        return new BucketList(service.buckets(owner(caller), CloudAccountId.parse(id)).stream()
                .map(bucket -> new BucketView(bucket.name(), bucket.location())).toList());
    }

    /** A service-account key may come as the JSON object itself or as its text. */
    private Map<String, ?> credentials(@Nullable Map<String, Object> fields) {
        if (fields == null) {
            return Map.of();
        }
        Map<String, Object> normalised = new HashMap<>(fields);
        Object key = fields.get("service_account_json");
        if (key instanceof Map<?, ?> object) {
            try {
                normalised.put("service_account_json", json.writeValueAsString(object));
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
                                 @Nullable Map<String, Object> credentials) {
        @Override
        public String toString() {
            return "ConnectRequest[name=" + name + ", provider=" + provider + "]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RotateRequest(@Nullable Map<String, Object> credentials) {
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
