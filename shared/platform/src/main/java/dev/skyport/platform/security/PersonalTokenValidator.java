package dev.skyport.platform.security;

import dev.skyport.kernel.PersonalTokenText;
import dev.skyport.platform.tokens.PersonalTokenLookup;
import dev.skyport.platform.tokens.PersonalTokenLookup.ActiveToken;
import dev.skyport.platform.tokens.TokenCaller;
import dev.skyport.platform.web.ClientAddress;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.ThreadSelection;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personal access tokens ({@code Authorization: Bearer skp_...}, issue 29) as Micronaut Security sees any token: a
 * validator beside the JWT one, so that every controller keeps receiving an {@link Authentication} (the person's id
 * as its name, the person's current roles, and the {@link TokenCaller} attributes saying it is a token, its id,
 * name and scopes). Text without the {@code skp_} prefix is left to the JWT validator. A token whose checksum is
 * wrong is refused without a lookup; any other is looked up ({@link PersonalTokenLookup}) on every request, and its
 * use recorded at most once a minute. A refusal marks the request with {@link #REFUSED} so that the 401 can say
 * what is wrong with the token without saying anything about anyone's account.
 * <p>
 * The lookup follows the server's thread selection, as {@code LiveSessionCheck}'s does: in place in Lambda, on the
 * blocking executor on the local platform's event loop.
 */
@Singleton
public class PersonalTokenValidator implements TokenValidator<HttpRequest<?>> {

    /** The request attribute of a refused personal access token: {@code malformed} or {@code refused}. */
    public static final String REFUSED = "skyport.personal-token-refused";
    public static final String MALFORMED = "malformed";
    public static final String NOT_VALID = "refused";

    private static final Logger LOG = LoggerFactory.getLogger(PersonalTokenValidator.class);

    private final PersonalTokenLookup lookup;
    private final Clock clock;
    private final BeanProvider<ExecutorService> blocking;
    private final boolean lookupInPlace;

    public PersonalTokenValidator(PersonalTokenLookup lookup, Clock clock, HttpServerConfiguration server,
                                  @Named(TaskExecutors.BLOCKING) BeanProvider<ExecutorService> blocking) {
        this.lookup = lookup;
        this.clock = clock;
        this.blocking = blocking;
        this.lookupInPlace = server.getThreadSelection() == ThreadSelection.MANUAL;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!PersonalTokenText.looksLikeOne(token)) {
            return Publishers.empty();
        }
        Optional<String> hash = PersonalTokenText.hashIfWellFormed(token);
        if (hash.isEmpty()) {
            LOG.debug("a personal access token was refused: its checksum does not match");
            mark(request, MALFORMED);
            return Publishers.empty();
        }
        Supplier<Authentication> check = () -> authenticate(hash.get(), request);
        if (lookupInPlace) {
            Authentication authentication = check.get();
            return authentication == null ? Publishers.empty() : Publishers.just(authentication);
        }
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(
                PropagatedContext.getOrEmpty().wrap(check), blocking.get()));
    }

    /** The token's Authentication, or null (refused). */
    private Authentication authenticate(String hash, HttpRequest<?> request) {
        Instant now = clock.instant();
        Optional<ActiveToken> active = lookup.find(hash, now);
        if (active.isEmpty()) {
            LOG.debug("a personal access token was refused: unknown, revoked, expired or its person may not use it");
            mark(request, NOT_VALID);
            return null;
        }
        ActiveToken token = active.get();
        LOG.debug("personal access token {} of {} accepted", token.tokenId(), token.userId());
        if (token.lastUsedAt().map(last -> !last.isAfter(now.minusSeconds(60))).orElse(true)) {
            lookup.recordUse(hash, now, request == null ? "unknown" : ClientAddress.of(request).value());
        }
        return Authentication.build(token.userId(), token.roles(),
                TokenCaller.attributes(token.tokenId(), token.name(), token.scopes(), token.username(),
                        token.secondFactorOn()));
    }

    private static void mark(HttpRequest<?> request, String reason) {
        if (request != null) {
            request.setAttribute(REFUSED, reason);
        }
    }

    @Override
    public int getOrder() {
        // Before the JWT validator: a token with the prefix is never a JWT, and one without is left at once.
        return -100;
    }
}
