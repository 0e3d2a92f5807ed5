package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local platform logs readable lines by default and JSON lines, as the functions do in AWS, on request. */
class LocalLogFormatTest {

    @Test
    void readable_lines_by_default_json_lines_with_the_flag_or_the_environment() {
        assertThat(LocalPlatform.logbackConfiguration(new String[] {"--port", "8081"}, Map.of()))
                .isEqualTo("skyport-local-logback.xml");
        assertThat(LocalPlatform.logbackConfiguration(new String[] {"--json-logs"}, Map.of()))
                .isEqualTo("skyport-local-logback-json.xml");
        assertThat(LocalPlatform.logbackConfiguration(new String[0], Map.of("SKYPORT_LOG_FORMAT", "json")))
                .isEqualTo("skyport-local-logback-json.xml");
    }

    @Test
    void the_json_configuration_writes_one_json_object_per_event() throws Exception {
        LoggerContext logging = new LoggerContext();
        logging.setMDCAdapter(new LogbackMDCAdapter());
        String line;
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(logging);
            configurator.doConfigure(getClass().getClassLoader().getResource("skyport-local-logback-json.xml"));
            Logger logger = logging.getLogger("dev.skyport.local.Probe");
            OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>)
                    logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
            line = new String(console.getEncoder().encode(new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
                    "user {} signed up", null, new Object[] {"ada"})), StandardCharsets.UTF_8);
        } finally {
            logging.stop();
        }
        assertThat(line).as("one line").endsWith("\n").doesNotContain("\n\n");
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("loggerName").asText()).isEqualTo("dev.skyport.local.Probe");
        assertThat(event.path("formattedMessage").asText()).isEqualTo("user ada signed up");
    }
}
