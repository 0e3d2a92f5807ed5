package dev.skyport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the tier reads the mails Skyport sends a person: what the target offers, or why it cannot. */
sealed interface Mailbox {

    /** The mails sent to {@code address} so far, newest first where the target says. */
    List<Mail> mailsTo(String address);

    /** A mail as the person reads it: its recipient and the links in its text. */
    record Mail(String to, String subject, List<String> links) {

        private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

        static List<String> linksIn(String text) {
            List<String> links = new ArrayList<>();
            Matcher matcher = LINK.matcher(text == null ? "" : text);
            while (matcher.find()) {
                links.add(matcher.group());
            }
            return links;
        }
    }

    /** The local platform's outbox, {@code GET /local/outbox} on its own API. */
    record LocalOutbox(URI api) implements Mailbox {

        @Override
        public List<Mail> mailsTo(String address) {
            ApiClient.Reply outbox = new ApiClient(() -> api).get("/local/outbox");
            if (outbox.status() != 200) {
                throw new AssertionError("the outbox answered " + outbox.status() + ": " + outbox.body());
            }
            List<Mail> mails = new ArrayList<>();
            for (JsonNode mail : outbox.json()) {
                if (mail.path("to").asText().equalsIgnoreCase(address)) {
                    List<String> links = new ArrayList<>();
                    mail.path("links").forEach(link -> links.add(link.asText()));
                    mails.add(new Mail(address, mail.path("subject").asText(), links));
                }
            }
            return mails;
        }
    }

    /**
     * LocalStack's record of the e-mails its SES "sent" ({@code GET $AWS_ENDPOINT_URL/_aws/ses}):
     * {@code {"messages":[{"Id","Region","Destination":{"ToAddresses":[...]},"Source","Subject",
     * "Body":{"text_part","html_part"},"Timestamp"}]}}, or {@code RawData} for a raw message.
     */
    record SesMessages(URI endpoint) implements Mailbox {

        static final String PATH = "/_aws/ses";

        @Override
        public List<Mail> mailsTo(String address) {
            ApiClient.Reply sent = new ApiClient(() -> endpoint).get(PATH);
            if (sent.status() != 200) {
                throw new AssertionError(endpoint + PATH + " answered " + sent.status() + ": " + sent.body());
            }
            List<Mail> mails = new ArrayList<>();
            for (JsonNode message : sent.json().path("messages")) {
                boolean toThem = false;
                for (JsonNode to : message.path("Destination").path("ToAddresses")) {
                    toThem |= to.asText().equalsIgnoreCase(address);
                }
                String raw = message.path("RawData").asText("");
                if (toThem || raw.contains(address)) {
                    String text = message.path("Body").path("text_part").asText("") + "\n"
                            + message.path("Body").path("html_part").asText("") + "\n" + raw;
                    mails.add(new Mail(address, message.path("Subject").asText(""), Mail.linksIn(text)));
                }
            }
            // LocalStack keeps them in the order they were sent: newest first, as the outbox.
            return mails.reversed();
        }
    }

    /** No mailbox the tier can read (real SES delivers to a real inbox): why, for the skip. */
    record Unreadable(String reason) implements Mailbox {

        @Override
        public List<Mail> mailsTo(String address) {
            throw new IllegalStateException(reason);
        }
    }
}
