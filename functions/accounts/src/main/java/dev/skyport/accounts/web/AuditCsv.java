package dev.skyport.accounts.web;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Audit entries as CSV (RFC 4180: a header row, CRLF line ends, fields quoted where they need it). A field a
 * spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab or CR first: a user agent or
 * login name is the client's text) is written with a leading apostrophe, as OWASP's CSV-injection advice says.
 */
final class AuditCsv {

    static final String HEADER = "id,at,owner,actor_kind,actor_id,actor_for,action,resource,outcome,status,"
            + "problem_type,detail,client_address,user_agent,request_id";

    private AuditCsv() {
    }

    static String of(List<AuditEntryView> entries) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEntryView e : entries) {
            csv.append(Stream.of(e.id(), e.at().toString(), e.owner(), e.actorKind(), e.actorId(), e.actorFor(),
                    e.action(), e.resource(), e.outcome(), Integer.toString(e.status()), e.problemType(), e.detail(),
                    e.clientAddress(), e.userAgent(), e.requestId())
                    .map(AuditCsv::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString();
    }

    static String field(String value) {
        String text = Objects.requireNonNullElse(value, "");
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
