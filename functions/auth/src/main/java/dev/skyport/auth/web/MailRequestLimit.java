package dev.skyport.auth.web;

import dev.skyport.identity.application.MailLimits;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.web.ClientAddress;
import dev.skyport.platform.web.Problem;
import dev.skyport.platform.web.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Counts every anonymous request that makes Skyport send an e-mail against the client address it came from (the
 * connection's, never a header), before the route runs: past the limit the answer is 429 and nothing is sent.
 */
@ServerFilter({"/auth/signup", "/auth/verify/resend", "/auth/password/forgot"})
public class MailRequestLimit {

    private final MailLimits limits;

    public MailRequestLimit(MailLimits limits) {
        this.limits = limits;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> admit(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return null;
        }
        try {
            limits.admitRequestFrom(ClientAddress.of(request).value());
            return null;
        } catch (DomainException refused) {
            return ProblemResponses.of(request, refused);
        }
    }
}
