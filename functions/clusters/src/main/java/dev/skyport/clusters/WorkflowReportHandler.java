package dev.skyport.clusters;

import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The provisioning workflow's reports: the state machine invokes this for every mark of a run (started, succeeded,
 * failed), and {@link WorkflowReports} makes the transition through {@code RunReports}, the code the local platform
 * and the backstop run too. Answers {@code {"moved": bool}}; a document that is no report is an error, which fails
 * the execution (and the backstop then marks the cluster).
 */
public class WorkflowReportHandler extends EventHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    WorkflowReports reports;

    /** Used by the Lambda runtime. */
    public WorkflowReportHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public WorkflowReportHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Map<String, Object> execute(Map<String, Object> report) {
        return reports.handle(report);
    }
}
