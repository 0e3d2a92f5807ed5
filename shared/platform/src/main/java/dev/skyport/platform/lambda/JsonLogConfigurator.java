package dev.skyport.platform.lambda;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.DefaultJoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The functions' logging, set up in code: one JSON object per line on stdout, which Lambda ships to CloudWatch (Logs
 * Insights reads the fields); the MDC carries the invocation's AWSRequestId and coldStart
 * ({@link InvocationLogContext}); request bodies are never logged. In code rather than a logback.xml because
 * reading XML at start-up loaded about 470 classes (Joran and the JDK's parser) on every cold start. A configuration
 * file named by {@code logback.configurationFile} (the local platform's) or a {@code logback-test.xml} on the
 * classpath still wins, read by logback's own Joran configurator.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || JsonLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            // Read that file here rather than leave it to the next configurator: when Micronaut refreshes the
            // logging system (logger.levels.* set) it resets the context and calls the configurators without
            // looking at the answer, so deferring would leave nothing configured.
            DefaultJoranConfigurator fromFile = new DefaultJoranConfigurator();
            fromFile.setContext(context);
            return fromFile.configure(context);
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        context.getLogger("com.almworks.sqlite4java").setLevel(Level.WARN);
        context.getLogger("com.password4j").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
