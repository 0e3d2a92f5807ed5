package dev.skyport.notifications.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code skyport.channels.*}: how outbound channels are sent.
 *
 * @param allowLoopbackHttp plain http to 127.0.0.1 is allowed: the local platform only, so that its tour can use
 *                          a receiver on the same machine; never set in AWS
 * @param linkBase          where the links in a message point (the console's public address), no trailing slash
 * @param connectTimeout    how long connecting to a receiver may take
 * @param readTimeout       how long a receiver may take to answer
 * @param maxResponseBytes  how much of a receiver's answer is read
 * @param retryFor          how long a delivery is retried (a day)
 * @param disableAfter      how long a channel may fail before it is turned off (a day)
 * @param lease             how long one worker holds an attempt
 * @param queueInProcess    the in-process queue (the local platform); otherwise {@code queue-url} names the SQS one
 * @param queueUrl          the SQS delivery queue (in AWS {@code SKYPORT_CHANNELS_QUEUE_URL}, set by the CDK app)
 */
@ConfigurationProperties(ChannelSettings.PREFIX)
public record ChannelSettings(@Bindable(defaultValue = "false") boolean allowLoopbackHttp,
                              @Bindable(defaultValue = "") String linkBase,
                              @Bindable(defaultValue = "5s") Duration connectTimeout,
                              @Bindable(defaultValue = "10s") Duration readTimeout,
                              @Bindable(defaultValue = "65536") int maxResponseBytes,
                              @Bindable(defaultValue = "24h") Duration retryFor,
                              @Bindable(defaultValue = "24h") Duration disableAfter,
                              @Bindable(defaultValue = "2m") Duration lease,
                              @Bindable(defaultValue = "false") boolean queueInProcess,
                              @Bindable(defaultValue = "") String queueUrl) {

    public static final String PREFIX = "skyport.channels";
    public static final String ALLOW_LOOPBACK_HTTP = PREFIX + ".allow-loopback-http";
    public static final String LINK_BASE = PREFIX + ".link-base";
    public static final String READ_TIMEOUT = PREFIX + ".read-timeout";
    public static final String QUEUE_IN_PROCESS = PREFIX + ".queue-in-process";
    public static final String QUEUE_URL = PREFIX + ".queue-url";

    public ChannelSettings {
        linkBase = linkBase == null ? "" : linkBase.replaceAll("/+$", "");
        queueUrl = queueUrl == null ? "" : queueUrl;
    }
}
