package dev.skyport.audit.domain;

import dev.skyport.kernel.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened, as the audit log keeps it. What it holds is chosen so that no secret can be in it: the
 * action is a route's operation name, the resource the route's path with only ids filled in (never a query string
 * or a token from the path), the detail a short text the recorder writes (never a request body), the actor an id.
 * Free text from the client (the user agent, a login name attempted) is cut to a bounded length.
 *
 * @param id            unique; a repeated recording of the same happening has the same id and is kept once
 * @param at            when it happened
 * @param owner         the person whose entry it is (who acted, or who was acted on); empty for what belongs to no
 *                      known account (a sign-in attempt with an unknown name)
 * @param actor         who acted
 * @param action        what was done: the route's operation ({@code createCluster}) or a workflow's transition
 * @param resource      what it was done to ({@code /clusters/<id>})
 * @param outcome       done, refused (and why) or failed
 * @param detail        a short, secret-free addition ({@code PROVISIONING -> RUNNING})
 * @param clientAddress where the request came from ({@code workflow} has none)
 * @param userAgent     the client's User-Agent
 * @param requestId     the request's id (API Gateway's in AWS), to find it in the access and function logs
 */
public record AuditEntry(String id, Instant at, Optional<UserId> owner, Actor actor, String action, String resource,
                         Outcome outcome, Optional<String> detail, Optional<String> clientAddress,
                         Optional<String> userAgent, Optional<String> requestId) {

    /** How long entries are kept in the table (DynamoDB TTL); longer retention is an archive's job. */
    public static final Duration KEPT = Duration.ofDays(365);
    /** The longest text of any one field: keeps items small and a client from filling the log. */
    public static final int MAX_TEXT = 256;

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(outcome, "outcome");
        resource = bounded(resource);
        detail = detail.map(AuditEntry::bounded);
        clientAddress = clientAddress.map(AuditEntry::bounded);
        userAgent = userAgent.map(AuditEntry::bounded);
        requestId = requestId.map(AuditEntry::bounded);
    }

    /**
     * The entry as its owner sees it in their own log: an administrator's address and browser, when one acted on
     * them, are the administrator's to know, not the person's.
     */
    public AuditEntry seenBy(UserId reader) {
        boolean someoneElse = actor instanceof Actor.AdminOnPerson admin && !admin.admin().equals(reader);
        return someoneElse ? new AuditEntry(id, at, owner, actor, action, resource, outcome, detail, Optional.empty(),
                Optional.empty(), requestId) : this;
    }

    /** When the table lets the entry go. */
    public Instant expiresAt() {
        return at.plus(KEPT);
    }

    /** Text cut to {@link #MAX_TEXT} characters, control characters replaced (no forged lines in a CSV or a log). */
    public static String bounded(String text) {
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
