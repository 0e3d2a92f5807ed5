package dev.skyport.accounts.web;

import dev.skyport.audit.application.AuditLog;
import dev.skyport.audit.application.AuditTrail;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Optional;

/**
 * The audit log: your own entries ({@code /audit}), everyone's for an administrator ({@code /admin/audit}), newest
 * first, filtered by time range ({@code from}, {@code to}: ISO-8601 instants, both included; by default the year
 * entries are kept), {@code action} (an operation name: {@code createCluster}) and {@code resource} (a path and
 * everything under it: {@code /clusters/<id>}), paged by {@code cursor}. An export is the same selection as CSV or
 * JSON lines ({@code format=csv|jsonl}), up to 5,000 entries; the {@code Skyport-Next-Cursor} header continues it.
 * Entries are never changed or deleted: there is no route that would.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
public class AuditController {

    /** JSON lines (one JSON object per line). */
    public static final String JSON_LINES = "application/jsonl";
    public static final String CSV = "text/csv";
    /** Where an export says how to go on when it was cut at its limit. */
    public static final String NEXT_CURSOR = "Skyport-Next-Cursor";

    private static final String FROM = "the range's start, an ISO-8601 instant (included); by default a year before to";
    private static final String TO = "the range's end, an ISO-8601 instant (included); by default now";
    private static final String ACTION = "only this action: an operationId of this document (createCluster) or"
            + " clusterTransition";
    private static final String RESOURCE = "only this path and what is under it (/clusters/<id>)";
    private static final String CURSOR = "the next_cursor (or Skyport-Next-Cursor) of the previous page";
    private static final String LIMIT = "entries a page, 1-100 (20 by default)";
    private static final String USER = "only this person's entries (their id)";
    private static final String FORMAT = "csv (RFC 4180, a header row) or jsonl (one JSON object a line)";
    private static final String EXPORTED = "the entries, one per line (CSV with a header row)";
    private static final String MORE = "present when there are more entries: pass it as cursor to export the next ones";

    private final AuditLog audit;
    private final JsonMapper json;

    public AuditController(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** Your audit log: what you did, what was done to your account and resources, newest first. */
    @Get("/audit")
    public AuditPage listAudit(Authentication caller, @Nullable @QueryValue @Parameter(description = FROM) String from,
                               @Nullable @QueryValue @Parameter(description = TO) String to,
                               @Nullable @QueryValue @Parameter(description = ACTION) String action,
                               @Nullable @QueryValue @Parameter(description = RESOURCE) String resource,
                               @Nullable @QueryValue @Parameter(description = CURSOR) String cursor,
                               @Nullable @QueryValue @Parameter(description = LIMIT) Integer limit) {
        return AuditPage.of(audit.mine(new UserId(caller.getName()),
                new AuditLog.Filters(from, to, action, resource, cursor, limit)));
    }

    /** Your audit log of a time range as CSV or JSON lines ({@code format}), newest first, up to 5,000 entries. */
    @Get("/audit/export")
    @Produces({CSV, JSON_LINES})
    @ApiResponse(responseCode = "200", description = EXPORTED,
            content = {@Content(mediaType = CSV, schema = @Schema(type = "string")),
                    @Content(mediaType = JSON_LINES, schema = @Schema(type = "string"))},
            headers = @Header(name = NEXT_CURSOR, description = MORE, schema = @Schema(type = "string")))
    public MutableHttpResponse<String> exportAudit(
            Authentication caller,
            @Nullable @QueryValue
            @Parameter(description = FORMAT, schema = @Schema(allowableValues = {"csv", "jsonl"})) String format,
            @Nullable @QueryValue @Parameter(description = FROM) String from,
            @Nullable @QueryValue @Parameter(description = TO) String to,
            @Nullable @QueryValue @Parameter(description = ACTION) String action,
            @Nullable @QueryValue @Parameter(description = RESOURCE) String resource,
            @Nullable @QueryValue @Parameter(description = CURSOR) String cursor) {
        Format chosen = Format.of(format);
        return export(chosen, audit.exportMine(new UserId(caller.getName()),
                new AuditLog.Filters(from, to, action, resource, cursor, null)));
    }

    /** Everyone's audit log, or one person's ({@code user}), newest first (ADMIN only). */
    @Get("/admin/audit")
    @Secured("ADMIN")
    public AuditPage listAllAudit(@Nullable @QueryValue @Parameter(description = USER) String user,
                                  @Nullable @QueryValue @Parameter(description = FROM) String from,
                                  @Nullable @QueryValue @Parameter(description = TO) String to,
                                  @Nullable @QueryValue @Parameter(description = ACTION) String action,
                                  @Nullable @QueryValue @Parameter(description = RESOURCE) String resource,
                                  @Nullable @QueryValue @Parameter(description = CURSOR) String cursor,
                                  @Nullable @QueryValue @Parameter(description = LIMIT) Integer limit) {
        return AuditPage.of(audit.everyone(Optional.ofNullable(user),
                new AuditLog.Filters(from, to, action, resource, cursor, limit)));
    }

    /** Everyone's (or one person's) audit log of a time range as CSV or JSON lines (ADMIN only). */
    @Get("/admin/audit/export")
    @Secured("ADMIN")
    @Produces({CSV, JSON_LINES})
    @ApiResponse(responseCode = "200", description = EXPORTED,
            content = {@Content(mediaType = CSV, schema = @Schema(type = "string")),
                    @Content(mediaType = JSON_LINES, schema = @Schema(type = "string"))},
            headers = @Header(name = NEXT_CURSOR, description = MORE, schema = @Schema(type = "string")))
    public MutableHttpResponse<String> exportAllAudit(
            @Nullable @QueryValue
            @Parameter(description = FORMAT, schema = @Schema(allowableValues = {"csv", "jsonl"})) String format,
            @Nullable @QueryValue @Parameter(description = USER) String user,
            @Nullable @QueryValue @Parameter(description = FROM) String from,
            @Nullable @QueryValue @Parameter(description = TO) String to,
            @Nullable @QueryValue @Parameter(description = ACTION) String action,
            @Nullable @QueryValue @Parameter(description = RESOURCE) String resource,
            @Nullable @QueryValue @Parameter(description = CURSOR) String cursor) {
        Format chosen = Format.of(format);
        return export(chosen, audit.exportEveryone(Optional.ofNullable(user),
                new AuditLog.Filters(from, to, action, resource, cursor, null)));
    }

    private MutableHttpResponse<String> export(Format format, AuditTrail.Page page) {
        List<AuditEntryView> entries = page.entries().stream().map(AuditEntryView::of).toList();
        String body = format == Format.CSV ? AuditCsv.of(entries) : AuditEntryView.jsonLines(json, entries);
        MutableHttpResponse<String> response = HttpResponse.ok(body)
                .contentType(format == Format.CSV ? CSV + "; charset=utf-8" : JSON_LINES)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"skyport-audit."
                        + format.extension + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        page.nextCursor().ifPresent(next -> response.header(NEXT_CURSOR, next));
        return response;
    }

    /** The formats of an export; JSON lines unless CSV is asked for. */
    enum Format {
        CSV("csv"), JSON_LINES("jsonl");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        static Format of(@Nullable String text) {
            if (text == null || text.equals("jsonl")) {
                return JSON_LINES;
            }
            if (text.equals("csv")) {
                return CSV;
            }
            throw DomainException.invalid("invalid-format", "format must be csv or jsonl");
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record AuditPage(List<AuditEntryView> entries, @Nullable String nextCursor) {

        static AuditPage of(AuditTrail.Page page) {
            return new AuditPage(page.entries().stream().map(AuditEntryView::of).toList(),
                    page.nextCursor().orElse(null));
        }
    }
}
