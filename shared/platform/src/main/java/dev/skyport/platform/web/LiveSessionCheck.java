package dev.skyport.platform.web;

import dev.skyport.platform.sessions.LiveSessions;
import dev.skyport.platform.tokens.TokenCaller;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.ThreadSelection;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * An access token lives 15 minutes, its session may end sooner (logout, password change, refresh-token reuse,
 * demotion, account deletion). A request that changes something (POST, PUT, PATCH, DELETE) with the access token of
 * an ended session answers 401 {@code session-revoked}; reads keep working until the token expires. A token without
 * a session ({@code sid}) is treated as ended, unless it is a personal access token
 * ({@link TokenCaller}), which has no session and is checked on every request by its own lookup. The entry points that start or end a session are left alone, so a
 * stale access cookie never stands in the way of logging in again. On unless {@link LiveSessions#CHECK_SWITCH} is
 * {@code false}.
 * <p>
 * The lookup follows the server's thread selection, as routes do: where routes may block the thread a request
 * arrives on ({@code MANUAL}, Lambda: {@code HttpApiHandler.IN_LAMBDA}) it runs there; otherwise (the local
 * platform's Netty event loop) only the lookup goes to the blocking executor, and every other request goes on where
 * it came in. The whole filter on the blocking executor moved the local platform's WebSocket upgrades off the event
 * loop, where Micronaut then set the connection up while the handshake answer was already out, and a first frame
 * could be lost (LocalLiveIT's "sent the moment the socket opens").
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = LiveSessions.CHECK_SWITCH, notEquals = "false")
@Requires(beans = LiveSessions.class)
public class LiveSessionCheck implements Ordered {

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    /** Refresh and logout act on the refresh token, which says itself whether its session is over. */
    private static final Set<String> SESSION_TOKEN_ROUTES = Set.of("/auth/refresh", "/auth/logout");

    /** The request goes on unchanged, at once. */
    private static final CompletionStage<Optional<HttpResponse<Problem>>> GO_ON =
            CompletableFuture.completedStage(Optional.empty());

    private final LiveSessions liveSessions;
    private final Clock clock;
    /** Asked for only when the lookup must leave the calling thread, so Lambda never builds it for this. */
    private final BeanProvider<ExecutorService> blocking;
    private final boolean lookupInPlace;

    public LiveSessionCheck(LiveSessions liveSessions, Clock clock, HttpServerConfiguration server,
                            @Named(TaskExecutors.BLOCKING) BeanProvider<ExecutorService> blocking) {
        this.liveSessions = liveSessions;
        this.clock = clock;
        this.blocking = blocking;
        this.lookupInPlace = server.getThreadSelection() == ThreadSelection.MANUAL;
    }

    @RequestFilter
    public CompletionStage<Optional<HttpResponse<Problem>>> requireLiveSession(HttpRequest<?> request) {
        if (!WRITES.contains(request.getMethod()) || SessionEntryPoints.PATHS.contains(request.getPath())
                || SESSION_TOKEN_ROUTES.contains(request.getPath())) {
            return GO_ON;
        }
        Optional<Authentication> caller = request.getUserPrincipal(Authentication.class);
        if (caller.isEmpty()) {
            return GO_ON;
        }
        if (TokenCaller.of(caller.get()).isPresent()) {
            // A personal access token has no session: its own lookup has just checked that it still works.
            return GO_ON;
        }
        Object sessionId = caller.get().getAttributes().get(LiveSessions.SESSION_CLAIM);
        if (sessionId == null) {
            return CompletableFuture.completedStage(Optional.of(revoked(request)));
        }
        String user = caller.get().getName();
        Supplier<Optional<HttpResponse<Problem>>> lookup = () -> liveSessions.isLive(user, sessionId.toString(),
                clock.instant()) ? Optional.empty() : Optional.of(revoked(request));
        if (lookupInPlace) {
            return CompletableFuture.completedStage(lookup.get());
        }
        // The lookup keeps the request's propagated context (the invocation's log fields among it).
        return CompletableFuture.supplyAsync(PropagatedContext.getOrEmpty().wrap(lookup), blocking.get());
    }

    private static HttpResponse<Problem> revoked(HttpRequest<?> request) {
        return ProblemResponses.of(request, HttpStatus.UNAUTHORIZED, "session-revoked",
                "this session has ended (signed out, password changed, roles changed or account deleted);"
                        + " please log in again");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
