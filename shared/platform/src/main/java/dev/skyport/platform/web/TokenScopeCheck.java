package dev.skyport.platform.web;

import dev.skyport.kernel.TokenScope;
import dev.skyport.platform.tokens.RouteScopes;
import dev.skyport.platform.tokens.TokenCaller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.util.Optional;

/**
 * A request made with a personal access token goes only where the token's scopes reach ({@link RouteScopes}, the
 * one map): outside them it is answered 403 {@code insufficient-scope} naming the scope it needed, and on a route
 * for signed-in sessions only 403 {@code session-required}. Requests made with a session are not looked at. It runs
 * right after Micronaut Security has found who is calling, before any route is matched to a controller, so nothing
 * a token may not do is ever started.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TokenScopeCheck implements Ordered {

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> requireScope(HttpRequest<?> request) {
        Optional<TokenCaller> token = request.getUserPrincipal(Authentication.class).flatMap(TokenCaller::of);
        if (token.isEmpty()) {
            return null;
        }
        Optional<TokenScope> needed = RouteScopes.required(request.getMethodName(), request.getPath());
        if (needed.isEmpty()) {
            return ProblemResponses.of(request, HttpStatus.FORBIDDEN, "session-required",
                    "this route takes a signed-in session, not an API token (managing tokens, two-factor settings,"
                            + " password, username and account deletion are yours alone)");
        }
        if (!token.get().scopes().contains(needed.get())) {
            return ProblemResponses.of(request, HttpStatus.FORBIDDEN, "insufficient-scope",
                    "this API token lacks the scope " + needed.get().value() + " that "
                            + request.getMethodName() + " " + request.getPath() + " needs");
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
