package dev.skyport.clusters;

import dev.skyport.platform.lambda.HttpApiHandler;
import io.micronaut.context.ApplicationContext;

/** The Lambda entry point of the clusters HTTP routes (HTTP API, payload 2.0). */
public class ClustersHandler extends HttpApiHandler {

    /** Used by the Lambda runtime. */
    public ClustersHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public ClustersHandler(ApplicationContext context) {
        super(context);
    }
}
