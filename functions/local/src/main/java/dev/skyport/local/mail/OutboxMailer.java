package dev.skyport.local.mail;

import dev.skyport.local.LocalFileSettings;
import dev.skyport.local.LocalFiles;
import dev.skyport.local.LocalOnly;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Development only: instead of sending through SES, writes each e-mail as a plain {@code .eml} file into the outbox
 * folder, where a person (or {@code GET /local/outbox}) can read it.
 */
@Singleton
@LocalOnly
@Requires(missingProperty = "skyport.mail.sender")
public class OutboxMailer implements Mailer {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Outbox outbox;
    private final Clock clock;

    public OutboxMailer(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void send(OutgoingEmail email) {
        String name = FILE_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".eml";
        String message = "From: Skyport <noreply@skyport.local>\r\n"
                + "To: " + email.to() + "\r\n"
                + "Subject: " + email.subject() + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)) + "\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + email.textBody();
        try {
            Path file = outbox.directory().resolve(name);
            LocalFiles.writeOwnerOnly(file.resolveSibling(name + ".tmp"), message);
            Files.move(file.resolveSibling(name + ".tmp"), file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the outbox", e);
        }
    }

    /** The outbox folder, created when first needed. */
    @Singleton
    @LocalOnly
    public static class Outbox {

        private final Path directory;

        Outbox(LocalFileSettings files) {
            this.directory = files.outbox();
            LocalFiles.ownerOnlyDirectory(this.directory);
        }

        public Path directory() {
            return directory;
        }
    }
}
