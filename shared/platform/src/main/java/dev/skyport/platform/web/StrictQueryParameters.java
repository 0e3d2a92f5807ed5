package dev.skyport.platform.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Query parameters are as strictly typed as bodies: before a route binds them, each {@code @QueryValue} it declares
 * is checked against its type. A boolean is {@code true} or {@code false} (not {@code yes}, {@code 1} or anything
 * else, which the framework would read as false), a number is digits (not {@code 1.9}, {@code 1e3} or {@code 3a}),
 * and a parameter is given once. A refusal is a 400 {@code malformed-request} naming the parameter. Text parameters
 * (cursors, filters) are the use cases' to judge.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class StrictQueryParameters implements Ordered {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> requireTypedValues(HttpRequest<?> request) {
        Optional<MethodBasedRouteInfo<?, ?>> route = RouteAttributes.getRouteMatch(request)
                .map(match -> match.getRouteInfo() instanceof MethodBasedRouteInfo<?, ?> method ? method : null);
        if (route.isEmpty()) {
            return null;
        }
        for (Argument<?> argument : route.get().getTargetMethod().getArguments()) {
            if (!argument.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                continue;
            }
            String name = argument.getAnnotationMetadata().stringValue(QueryValue.class)
                    .filter(value -> !value.isEmpty()).orElse(argument.getName());
            List<String> values = request.getParameters().getAll(name);
            Optional<String> problem = problem(name, values, argument.getType());
            if (problem.isPresent()) {
                return ProblemResponses.of(request, HttpStatus.BAD_REQUEST, "malformed-request", problem.get());
            }
        }
        return null;
    }

    private static Optional<String> problem(String name, List<String> values, Class<?> type) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            return Optional.of(name + " is given more than once: give it once");
        }
        String value = values.get(0);
        if (type == boolean.class || type == Boolean.class) {
            return value.equals("true") || value.equals("false") ? Optional.empty()
                    : Optional.of(name + " must be true or false");
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            if (!INTEGER.matcher(value).matches()) {
                return Optional.of(name + " must be an integer");
            }
            BigInteger number = new BigInteger(value);
            boolean small = type == int.class || type == Integer.class;
            BigInteger min = BigInteger.valueOf(small ? Integer.MIN_VALUE : Long.MIN_VALUE);
            BigInteger max = BigInteger.valueOf(small ? Integer.MAX_VALUE : Long.MAX_VALUE);
            if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
                return Optional.of(name + " must be an integer of reasonable size");
            }
        }
        return Optional.empty();
    }

    /** After authentication: an anonymous caller learns nothing of a route's parameters. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
