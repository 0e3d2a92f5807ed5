package dev.skyport.notifications.adapter.json;

import dev.skyport.notifications.application.ChannelPayloads;
import dev.skyport.notifications.domain.ChannelEvent;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON channels are sent. A webhook gets {@code {"type", "timestamp", "data"}} (the Standard Webhooks
 * specification's suggested envelope); Slack gets a message in its own format: a fallback {@code text} and
 * {@code blocks} with the title, the cluster, its status and reason, and a link.
 */
@Singleton
public class JsonChannelPayloads implements ChannelPayloads {

    private final JsonMapper json;

    public JsonChannelPayloads(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String webhook(ChannelEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.kind());
        body.put("timestamp", event.occurredAt().truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("data", new TreeMap<>(event.data()));
        return write(body);
    }

    @Override
    public String slack(ChannelEvent event) {
        List<String> facts = new ArrayList<>();
        event.data().getOrDefault("name", "").describeConstable().filter(name -> !name.isEmpty())
                .ifPresent(name -> facts.add("*Cluster:* " + escape(name)));
        event.clusterId().ifPresent(id -> facts.add("*Cluster id:* `" + escape(id) + "`"));
        event.status().ifPresent(status -> facts.add("*Status:* " + escape(status)));
        event.reason().ifPresent(reason -> facts.add("*Reason:* " + escape(reason)));
        String title = escape(event.title());
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*" + title + "*")));
        if (!facts.isEmpty()) {
            blocks.add(Map.of("type", "section", "fields", facts.stream()
                    .map(fact -> Map.of("type", "mrkdwn", "text", fact)).toList()));
        }
        if (!event.link().isEmpty()) {
            blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                    "text", "<" + event.link() + "|Open in Skyport>"))));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", title + (event.reason().map(reason -> ": " + escape(reason)).orElse("")));
        message.put("blocks", blocks);
        return write(message);
    }

    /** Slack's mrkdwn takes &, < and > as markup: they are escaped as its documentation says. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
