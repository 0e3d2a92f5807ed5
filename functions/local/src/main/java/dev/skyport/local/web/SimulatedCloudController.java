package dev.skyport.local.web;

import dev.skyport.local.SimulatedCloud;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/** Local platform only, with the simulated cloud: sample credentials that pass, and that fail each way. */
@Controller("/local/simulated-cloud")
@Requires(beans = SimulatedCloud.class)
@Secured(SecurityRule.IS_ANONYMOUS)
public class SimulatedCloudController {

    private final SimulatedCloud cloud;

    public SimulatedCloudController(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    @Get
    public Map<String, Object> samples() {
        return cloud.samples();
    }
}
