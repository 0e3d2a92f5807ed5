package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's preflight, as the provisioning workflow hands it to the preflight's function (the {@code preflight}
 * document of the run protocol's input): whose account, and the run's {@link PreflightScope}. Never a secret.
 */
public record PreflightRequest(UserId owner, CloudAccountId cloudAccount, PreflightScope scope) {

    /** The document, as the workflow's input carries it. */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("owner", owner.value());
        document.put("cloud_account_id", cloudAccount.value());
        document.put("region", scope.region());
        document.put("cluster_name", scope.clusterName());
        document.put("state_bucket", scope.stateBucket());
        document.put("state_key", scope.stateKey());
        return document;
    }

    /**
     * The request a document holds.
     *
     * @throws DomainException {@code invalid-preflight} when a field is missing or malformed
     */
    public static PreflightRequest from(Map<String, ?> document) {
        return new PreflightRequest(UserId.parse(text(document, "owner")),
                CloudAccountId.parse(text(document, "cloud_account_id")),
                new PreflightScope(text(document, "region"), text(document, "cluster_name"),
                        text(document, "state_bucket"), text(document, "state_key")));
    }

    /** The answer the workflow reads: {@code ok}, else the run's failure {@code reason} and its {@code details}. */
    public static Map<String, Object> answer(PreflightReport report) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", report.isPassed());
        report.reason().ifPresent(reason -> answer.put("reason", reason));
        answer.put("details", report.isPassed() ? List.of() : report.details());
        return answer;
    }

    private static String text(Map<String, ?> document, String field) {
        if (document == null || !(document.get(field) instanceof String value)) {
            throw DomainException.invalid("invalid-preflight", field + " is missing or not text");
        }
        return value;
    }
}
