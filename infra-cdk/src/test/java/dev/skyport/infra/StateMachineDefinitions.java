package dev.skyport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** The ASL of a synthesized state machine, as JSON: CloudFormation references become {@code ${Logical.Id}}. */
final class StateMachineDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateMachineDefinitions() {
    }

    @SuppressWarnings("unchecked")
    static JsonNode of(Template template) {
        Map<String, Object> properties = (Map<String, Object>) template.findResources("AWS::StepFunctions::StateMachine")
                .values().iterator().next().get("Properties");
        Object definition = properties.get("DefinitionString");
        StringBuilder text = new StringBuilder();
        if (definition instanceof String plain) {
            text.append(plain);
        } else {
            List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) definition).get("Fn::Join"))
                    .get(1);
            for (Object part : parts) {
                text.append(part instanceof String piece ? piece : reference((Map<String, Object>) part));
            }
        }
        try {
            return JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String reference(Map<String, Object> intrinsic) {
        Object value = intrinsic.values().iterator().next();
        String name = value instanceof List<?> list ? list.getFirst() + "." + list.get(1) : String.valueOf(value);
        return "${" + name + "}";
    }
}
