package dev.skyport.infra.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.IAnyProducer;
import software.amazon.awscdk.IResolveContext;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.constructs.Construct;

/**
 * The HTTP API's limits for the routes anyone may call without signing in (the controllers say which: the OpenAPI
 * document's {@code security}), as the stage's route settings. API Gateway counts a route's requests from everyone
 * together: a flood of one route gets 429s on that route while every other keeps its own budget (the stage's
 * default, 50 a second), and the functions, SES and DynamoDB behind it see no more than the limit. Every anonymous
 * route must have a limit here: a new one fails synthesis until it is given one.
 */
public class AnonymousRouteThrottles extends Construct {

    /** The construct's id under the HTTP API, where {@link SkyportFunction#routes} finds it. */
    public static final String ID = "AnonymousRouteThrottles";

    /** A route's steady rate (requests a second, everyone together), its burst, and why these numbers. */
    public record Limit(int rate, int burst, String reason) {
    }

    private static final String MAILS = "each one sends a mail: three such routes at 2 a second stay under SES's"
            + " default sending rate (14 a second) and cap what a script can make Skyport send";
    private static final String LINKS = "opened from a mailed link, once per person: 5 a second is generous, and"
            + " guessing tokens at that rate is hopeless";

    /** Every anonymous route's limit, by route key. */
    public static final Map<String, Limit> LIMITS = limits();

    private static Map<String, Limit> limits() {
        Map<String, Limit> limits = new LinkedHashMap<>();
        limits.put("POST /auth/signup", new Limit(2, 10, MAILS));
        limits.put("POST /auth/password/forgot", new Limit(2, 10, MAILS));
        limits.put("POST /auth/verify/resend", new Limit(2, 10, MAILS));
        limits.put("POST /auth/login", new Limit(10, 20, "each one hashes with Argon2id (about 30 ms of a core):"
                + " 10 a second is more people signing in at once than a Skyport has, and slows guessing"));
        limits.put("POST /auth/google", new Limit(10, 20, "like login, and each one fetches Google's keys when"
                + " they are not cached"));
        limits.put("POST /auth/login/mfa", new Limit(10, 20, "the second step of a sign-in with two-factor on: at"
                + " most one per login, and a challenge takes five codes; the login throttle counts each wrong one"));
        limits.put("POST /auth/refresh", new Limit(20, 40, "every open console refreshes once per 15-minute access"
                + " token: 20 a second serves some 18,000 people signed in at once"));
        limits.put("GET /auth/verify", new Limit(5, 10, LINKS));
        limits.put("POST /auth/verify", new Limit(5, 10, LINKS));
        limits.put("GET /auth/password/reset", new Limit(5, 10, LINKS));
        limits.put("POST /auth/password/reset", new Limit(5, 10, LINKS + "; each one hashes the new password"));
        limits.put("POST /auth/logout", new Limit(10, 20, "once per session end; it only revokes a refresh token"));
        limits.put("GET /auth/sign-in-methods", new Limit(20, 40, "read once per console load; cheap, but open"));
        return Map.copyOf(limits);
    }

    private final Map<String, Limit> applied = new TreeMap<>();
    private final CfnStage stage;

    /** The limits of {@code api}'s anonymous routes, on {@code stage}, as the routes are added. */
    public AnonymousRouteThrottles(HttpApi api, HttpStage stage) {
        super(api, ID);
        this.stage = (CfnStage) stage.getNode().getDefaultChild();
        this.stage.setRouteSettings(Lazy.uncachedAny(new IAnyProducer() {
            @Override
            public Object produce(IResolveContext context) {
                Map<String, Object> settings = new TreeMap<>();
                applied.forEach((routeKey, limit) -> settings.put(routeKey, Map.of(
                        "ThrottlingRateLimit", limit.rate(), "ThrottlingBurstLimit", limit.burst())));
                return settings;
            }
        }));
    }

    /** Where the routes of {@code api} register; fails for an API without route throttles. */
    static AnonymousRouteThrottles of(HttpApi api) {
        Construct found = (Construct) api.getNode().tryFindChild(ID);
        if (found == null) {
            throw new IllegalStateException("the HTTP API has no " + ID + ": anonymous routes need their limits");
        }
        return (AnonymousRouteThrottles) found;
    }

    /** Limits an anonymous route; the stage waits for the route (route settings must name an existing route). */
    void limit(OpenApiRoutes.ApiRoute route, HttpRoute deployed) {
        Limit limit = LIMITS.get(route.routeKey());
        if (limit == null) {
            throw new IllegalStateException(route.routeKey() + " may be called without signing in and has no limit:"
                    + " give it one in " + AnonymousRouteThrottles.class.getSimpleName() + ".LIMITS");
        }
        applied.put(route.routeKey(), limit);
        stage.addDependency((CfnRoute) deployed.getNode().getDefaultChild());
    }

    /** The limits applied so far, by route key. */
    public Map<String, Limit> applied() {
        return Map.copyOf(applied);
    }
}
