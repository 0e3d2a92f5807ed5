package dev.skyport.accounts.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.kernel.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * One audit entry as the API shows it.
 *
 * @param owner        the person whose entry it is; absent for a sign-in attempt with a name no account has
 * @param actorKind    {@code person}, {@code admin} (acting on the owner), {@code workflow}, {@code token},
 *                     {@code anonymous}
 * @param actorId      the person's or token's id, or the login name a sign-in attempt gave
 * @param actorFor     the person an administrator acted on, or a token's owner
 * @param outcome      {@code done}, {@code refused} (a 4xx: the problem type says why) or {@code failed} (a 5xx)
 * @param status       the HTTP status answered; 0 for a workflow transition
 * @param problemType  the RFC 9457 problem type of a refusal or failure
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntryView(String id, Instant at, @Nullable String owner,
                             @Schema(allowableValues = {"person", "admin", "workflow", "token", "anonymous"})
                             String actorKind,
                             @Nullable String actorId, @Nullable String actorFor, String action, String resource,
                             @Schema(allowableValues = {"done", "refused", "failed"}) String outcome, int status,
                             @Nullable String problemType, @Nullable String detail, @Nullable String clientAddress,
                             @Nullable String userAgent, @Nullable String requestId) {

    public static AuditEntryView of(AuditEntry entry) {
        return new AuditEntryView(entry.id(), entry.at(), entry.owner().map(UserId::value).orElse(null),
                entry.actor().kind(), entry.actor().id().orElse(null),
                entry.actor().onBehalfOf().map(UserId::value).orElse(null), entry.action(), entry.resource(),
                entry.outcome().name(), entry.outcome().status(), entry.outcome().problemType().orElse(null),
                entry.detail().orElse(null), entry.clientAddress().orElse(null), entry.userAgent().orElse(null),
                entry.requestId().orElse(null));
    }

    /**
     * Entries as JSON lines (one object a line, each ending in a newline): the export's format, and the archive's
     * (AuditArchiveHandler), so one reader reads both.
     */
    public static String jsonLines(JsonMapper json, List<AuditEntryView> entries) {
        StringBuilder lines = new StringBuilder();
        for (AuditEntryView entry : entries) {
            try {
                lines.append(json.writeValueAsString(entry)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines.toString();
    }
}
