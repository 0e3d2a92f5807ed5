package dev.skyport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The real app synthesized from the real jars (a missing jar fails), once per test JVM: synthesis takes seconds, and
 * every infra test reads the same three stacks.
 */
final class SynthesizedApp {

    static final SkyportSettings SETTINGS = new SkyportSettings(true, "noreply@skyport.example",
            "skyport.example", "boss@skyport.example", "client-id.apps.googleusercontent.com", Optional.empty(),
            Path.of("../functions"), "admin", Path.of("terraform-image"));

    private static SynthesizedApp app;

    final SkyportApp.Stacks stacks;
    final CloudAssembly assembly;
    final Template data;
    final Template api;
    final Template provisioning;

    private SynthesizedApp() {
        App cdk = new App();
        stacks = SkyportApp.build(cdk, SETTINGS);
        assembly = cdk.synth();
        data = Template.fromStack(stacks.data());
        api = Template.fromStack(stacks.api());
        provisioning = Template.fromStack(stacks.provisioning());
    }

    static synchronized SynthesizedApp get() {
        if (app == null) {
            app = new SynthesizedApp();
        }
        return app;
    }

    /** Each stack's template as JSON, by stack name. */
    Map<String, JsonNode> templates() {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        templates.put(stacks.data().getStackName(), json.valueToTree(data.toJSON()));
        templates.put(stacks.provisioning().getStackName(), json.valueToTree(provisioning.toJSON()));
        templates.put(stacks.api().getStackName(), json.valueToTree(api.toJSON()));
        return templates;
    }
}
