package dev.skyport.platform.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.skyport.audit.application.AuditLog;
import dev.skyport.audit.domain.Actor;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.audit.domain.Outcome;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import dev.skyport.platform.lambda.InvocationLogContext;
import dev.skyport.platform.tokens.TokenCaller;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.reflect.ClassUtils;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.ThreadSelection;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Records every request that may change something (POST, PUT, PATCH, DELETE on a route of Skyport's) in the audit
 * log once it is answered, whatever the answer: who (the token's person; a personal access token, as "token NAME" of its person; an administrator acting on a person, as the
 * controller says through {@link AuditedRequest}; nobody, for a sign-in attempt, with the login name attempted), the
 * action (the route's operation, as the OpenAPI document names it: {@code createCluster}), the resource (the route's
 * path with ids filled in and anything else left as its {@code {name}}, so a token in a path never reaches the log;
 * the query string is never kept), the outcome (the status, and the problem type of a refusal), the client's address
 * ({@link ClientAddress}), user agent and request id. Reads (GET, HEAD, OPTIONS) change nothing and are not
 * recorded; nor is a request that matched no route (nothing was done, and a flood of them is the access logs'
 * business).
 * <p>
 * It runs first on the way in, so last on the way out: it sees the answers of the filters after it too (a refused
 * token, a revoked session, a CSRF or size refusal). A failure to keep the entry changes nothing of the answer
 * ({@link AuditLog#record}). The write follows the server's thread selection, as {@link LiveSessionCheck}'s lookup
 * does: in place where routes may block (Lambda), on the blocking executor on the local platform's event loop; the
 * answer leaves once the entry is written, so a client that reads its audit log right after sees the entry.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = AuditLog.class)
public class RequestAudit implements Ordered {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);
    private static final boolean LAMBDA_PROXY = ClassUtils.isPresent(
            "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest",
            RequestAudit.class.getClassLoader());

    private final AuditLog audit;
    private final Clock clock;
    private final BeanProvider<ExecutorService> blocking;
    private final boolean writeInPlace;

    public RequestAudit(AuditLog audit, Clock clock, HttpServerConfiguration server,
                        @Named(TaskExecutors.BLOCKING) BeanProvider<ExecutorService> blocking) {
        this.audit = audit;
        this.clock = clock;
        this.blocking = blocking;
        this.writeInPlace = server.getThreadSelection() == ThreadSelection.MANUAL;
    }

    @ResponseFilter
    public CompletionStage<MutableHttpResponse<?>> recordAnswered(HttpRequest<?> request,
                                                                 MutableHttpResponse<?> response) {
        if (READS.contains(request.getMethod())) {
            return CompletableFuture.completedStage(response);
        }
        Optional<MethodBasedRouteInfo<?, ?>> route = RouteAttributes.getRouteMatch(request)
                .map(match -> match.getRouteInfo() instanceof MethodBasedRouteInfo<?, ?> method ? method : null);
        if (route.isEmpty()) {
            return CompletableFuture.completedStage(response);
        }
        AuditEntry entry = entry(request, response, route.get());
        if (writeInPlace) {
            audit.record(entry);
            return CompletableFuture.completedStage(response);
        }
        Supplier<MutableHttpResponse<?>> write = () -> {
            audit.record(entry);
            return response;
        };
        return CompletableFuture.supplyAsync(PropagatedContext.getOrEmpty().wrap(write), blocking.get());
    }

    private AuditEntry entry(HttpRequest<?> request, MutableHttpResponse<?> response,
                             MethodBasedRouteInfo<?, ?> route) {
        Optional<Authentication> caller = request.getUserPrincipal(Authentication.class);
        Optional<UserId> actsOn = AuditedRequest.actsOn(request);
        Optional<String> attempted = AuditedRequest.attemptedLogin(request);
        Actor actor;
        Optional<UserId> owner;
        Optional<TokenCaller> token = Optional.empty();
        if (caller.isPresent()) {
            UserId person = new UserId(caller.get().getName());
            token = TokenCaller.of(caller.get());
            // A personal access token is Actor.Token: its id and its owner, never its value; its name in the detail.
            actor = token.<Actor>map(used -> new Actor.Token(used.tokenId(), person))
                    .or(() -> actsOn.filter(target -> !target.equals(person))
                            .map(target -> new Actor.AdminOnPerson(person, target)))
                    .orElse(new Actor.Person(person));
            owner = Optional.of(actsOn.orElse(person));
        } else {
            Optional<UserId> signedIn = AuditedRequest.signedIn(request);
            actor = signedIn.<Actor>map(Actor.Person::new).orElse(new Actor.Anonymous(attempted));
            owner = signedIn;
        }
        Optional<String> problemType = response.getBody().filter(Problem.class::isInstance).map(Problem.class::cast)
                .map(problem -> problem.type().toString());
        Optional<String> detail = caller.isEmpty() && owner.isPresent()
                ? attempted.map(login -> "login " + login)
                : token.map(used -> "token " + used.tokenName());
        return new AuditEntry(UUID.randomUUID().toString(), clock.instant(), owner, actor,
                route.getTargetMethod().getMethodName(), resource(request, route),
                Outcome.ofStatus(response.code(), problemType), detail,
                Optional.of(ClientAddress.of(request).value()),
                Optional.ofNullable(request.getHeaders().get(HttpHeaders.USER_AGENT)), requestId(request));
    }

    /**
     * The route's path with the request's values of its variables where they are ids (UUIDs), and the variable's
     * {@code {name}} where they are anything else: what a request did is found by id, and no other text a client
     * put in the path (a token, a name) reaches the log.
     */
    static String resource(HttpRequest<?> request, MethodBasedRouteInfo<?, ?> route) {
        if (!(route instanceof UriRouteInfo<?, ?> uri)) {
            return request.getPath().replaceAll("/[^/]*", "/-");
        }
        String template = uri.getUriMatchTemplate().toPathString();
        String[] names = template.split("/", -1);
        String[] values = request.getPath().split("/", -1);
        if (names.length != values.length) {
            return template;
        }
        StringBuilder resource = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                resource.append('/');
            }
            boolean variable = names[i].startsWith("{");
            resource.append(!variable ? names[i] : UuidText.matches(values[i]) ? values[i] : names[i]);
        }
        return resource.toString();
    }

    /**
     * API Gateway's id of the request in AWS (the access logs carry it), else the Lambda invocation's, else a fresh
     * one (the local platform).
     */
    private static Optional<String> requestId(HttpRequest<?> request) {
        if (LAMBDA_PROXY && ApiGateway.isServletRequest(request)) {
            Optional<String> id = ApiGateway.requestId(request);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.ofNullable(MDC.get(InvocationLogContext.REQUEST_ID))
                .or(() -> Optional.of(UUID.randomUUID().toString()));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    /** Touched only when the Lambda proxy classes are there (never in the local platform). */
    private static final class ApiGateway {

        static boolean isServletRequest(HttpRequest<?> request) {
            return request instanceof ServletHttpRequest<?, ?>;
        }

        static Optional<String> requestId(HttpRequest<?> request) {
            return Optional.of(((ServletHttpRequest<?, ?>) request).getNativeRequest())
                    .filter(APIGatewayV2HTTPEvent.class::isInstance).map(APIGatewayV2HTTPEvent.class::cast)
                    .map(APIGatewayV2HTTPEvent::getRequestContext)
                    .map(APIGatewayV2HTTPEvent.RequestContext::getRequestId)
                    .filter(id -> !id.isBlank());
        }
    }
}
