package dev.skyport.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.joda.time.DateTime;

/**
 * Reads the sample events of {@code events/} (the files {@code sam local invoke} uses) into the Lambda event
 * classes, with placeholders such as ACCESS_TOKEN_FROM_LOGIN replaced by values of the test.
 */
public final class LambdaEvents {

    /** From a function module's folder, where Maven runs its tests. */
    public static final Path FOLDER = Path.of("../../events");

    public static final ObjectMapper JSON = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .addModule(new SimpleModule().addDeserializer(DateTime.class, new JsonDeserializer<>() {
                @Override
                public DateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    return DateTime.parse(parser.getValueAsString());
                }
            }))
            .build();

    private LambdaEvents() {
    }

    public static <T> T read(String sample, Class<T> type, Map<String, String> replacements) {
        try {
            return JSON.readValue(text(sample, replacements), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the sample event " + sample, e);
        }
    }

    /**
     * JSON read into a Lambda event type as the Lambda Java runtime reads a function's input (its own deserializer,
     * which knows, for one, that an EventBridge event's {@code detail-type} is {@code ScheduledEvent}'s detail type).
     */
    public static <T> T asLambdaReads(String json, Class<T> type) {
        return com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers
                .serializerFor(type, LambdaEvents.class.getClassLoader()).fromJson(json);
    }

    /** The sample's JSON with its placeholders replaced. */
    public static String text(String sample, Map<String, String> replacements) {
        try {
            String json = Files.readString(FOLDER.resolve(sample));
            for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                json = json.replace(replacement.getKey(), replacement.getValue());
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample event " + sample, e);
        }
    }
}
