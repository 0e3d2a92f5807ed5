package dev.skyport.accounts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void fields_are_quoted_where_they_need_it_and_formulas_are_defused() {
        assertThat(AuditCsv.field(null)).isEmpty();
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditCsv.field("-1+2")).isEqualTo("'-1+2");
    }

    @Test
    void one_header_row_then_one_row_per_entry_with_crlf() {
        AuditEntryView view = new AuditEntryView("id-1", Instant.parse("2026-12-06T12:00:00Z"), null, "anonymous",
                "=cmd|' /C calc'!A0", null, "login", "/auth/login", "refused", 401,
                "https://skyport.dev/problems/invalid-credentials", null, "203.0.113.10", "curl/8.5.0, like", "r-1");
        String csv = AuditCsv.of(List.of(view));
        assertThat(csv.split("\r\n", -1)).containsExactly(AuditCsv.HEADER,
                "id-1,2026-12-06T12:00:00Z,,anonymous,'=cmd|' /C calc'!A0,,login,/auth/login,refused,401,"
                        + "https://skyport.dev/problems/invalid-credentials,,203.0.113.10,\"curl/8.5.0, like\",r-1",
                "");
    }
}
