package dev.skyport.local.mail;

import dev.skyport.identity.adapter.inprocess.InProcessMailQueue;
import dev.skyport.local.LocalOnly;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local platform only: the e-mails Skyport "sent", newest first, with the links they contain. Mail is written by the
 * mail queue's worker, off the request path; the outbox answers once the requests enqueued before it have been worked
 * on (at most {@link #QUEUE_WAIT}), so a person or a script reads a link right after the request that asked for it.
 */
@Controller("/local/outbox")
@LocalOnly
@Secured(SecurityRule.IS_ANONYMOUS)
public class OutboxController {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    static final Duration QUEUE_WAIT = Duration.ofSeconds(5);

    private final OutboxMailer.Outbox outbox;
    private final InProcessMailQueue mailQueue;

    public OutboxController(OutboxMailer.Outbox outbox, @Nullable InProcessMailQueue mailQueue) {
        this.outbox = outbox;
        this.mailQueue = mailQueue;
    }

    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public List<OutboxEmail> list() {
        if (mailQueue != null) {
            mailQueue.awaitDrained(QUEUE_WAIT);
        }
        try (Stream<Path> files = Files.list(outbox.directory())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml"))
                    .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                    .map(OutboxController::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the outbox", e);
        }
    }

    private static OutboxEmail read(Path file) {
        try {
            String message = Files.readString(file, StandardCharsets.UTF_8);
            int split = message.indexOf("\r\n\r\n");
            String headers = split < 0 ? message : message.substring(0, split);
            String text = split < 0 ? "" : message.substring(split + 4);
            List<String> links = new ArrayList<>();
            Matcher matcher = LINK.matcher(text);
            while (matcher.find()) {
                links.add(matcher.group());
            }
            return new OutboxEmail(file.getFileName().toString(), header(headers, "To"), header(headers, "Subject"),
                    header(headers, "Date"), text, links);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static String header(String headers, String name) {
        return headers.lines().filter(line -> line.startsWith(name + ": "))
                .map(line -> line.substring(name.length() + 2)).findFirst().orElse("");
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record OutboxEmail(String file, String to, String subject, String date, String text, List<String> links) {
    }
}
