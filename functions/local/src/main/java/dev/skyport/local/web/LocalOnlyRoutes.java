package dev.skyport.local.web;

import dev.skyport.platform.web.ClientAddress;
import dev.skyport.platform.web.Problem;
import dev.skyport.platform.web.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.regex.Pattern;

/**
 * The development routes under /local (the mail outbox holds every verification and reset link) answer only to
 * this machine, even when the platform listens on another address (--host).
 */
@ServerFilter("/local/**")
public class LocalOnlyRoutes {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern LOOPBACK_V6 = Pattern.compile("(0{0,4}:){2,7}0{0,3}1|::1|::ffff:127(\\.\\d{1,3}){3}");

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> onlyFromThisMachine(HttpRequest<?> request) {
        if (isThisMachine(ClientAddress.of(request).value())) {
            return null;
        }
        return ProblemResponses.of(request, HttpStatus.FORBIDDEN, "local-only",
                "the /local routes answer only to requests from this machine");
    }

    static boolean isThisMachine(String clientAddress) {
        // Literal addresses from the socket; matched as text, so no name is ever looked up.
        return LOOPBACK_V4.matcher(clientAddress).matches() || LOOPBACK_V6.matcher(clientAddress).matches();
    }
}
