package dev.skyport.notifications.application;

import dev.skyport.notifications.domain.ChannelEvent;

/** The bodies channels are sent, as JSON: the webhook's event, and a Slack message. */
public interface ChannelPayloads {

    /** {@code {"type", "timestamp", "data": {...}}}, as the Standard Webhooks specification suggests. */
    String webhook(ChannelEvent event);

    /** A Slack message: the title, the cluster, its status and reason, and a link. */
    String slack(ChannelEvent event);
}
