package dev.skyport.notifications.config;

import dev.skyport.kernel.SecretStore;
import dev.skyport.notifications.adapter.dynamodb.DynamoDbChannels;
import dev.skyport.notifications.adapter.http.GuardedWebhookSender;
import dev.skyport.notifications.adapter.inprocess.InProcessDeliveryQueue;
import dev.skyport.notifications.application.ChannelFanOut;
import dev.skyport.notifications.application.ChannelPayloads;
import dev.skyport.notifications.application.ChannelRequests;
import dev.skyport.notifications.application.DeliveryQueue;
import dev.skyport.notifications.application.DeliveryWork;
import dev.skyport.notifications.application.Notifications;
import dev.skyport.notifications.application.OwnerMail;
import dev.skyport.notifications.application.WebhookSender;
import dev.skyport.notifications.domain.DestinationRules;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The outbound channels: webhooks and Slack, their delivery queue and the guarded sender. */
@Factory
public class ChannelsFactory {

    @Singleton
    DestinationRules destinationRules(ChannelSettings settings) {
        return new DestinationRules(settings.allowLoopbackHttp());
    }

    /** Only where Apache HttpClient 5 is (the notifications jar, the local platform): the realtime jar sends nothing. */
    @Singleton
    @Requires(classes = org.apache.hc.client5.http.impl.classic.CloseableHttpClient.class)
    WebhookSender webhookSender(DestinationRules rules, ChannelSettings settings) {
        return new GuardedWebhookSender(rules, new GuardedWebhookSender.Settings(settings.connectTimeout(),
                settings.readTimeout(), settings.maxResponseBytes()));
    }

    /** The local platform's queue, on its clock. */
    @Singleton
    @Requires(property = ChannelSettings.QUEUE_IN_PROCESS, value = "true")
    InProcessDeliveryQueue inProcessDeliveryQueue(BeanProvider<DeliveryWork> work, Clock clock) {
        return new InProcessDeliveryQueue(work, clock);
    }

    @Singleton
    @Requires(beans = DeliveryQueue.class)
    ChannelFanOut channelFanOut(DynamoDbChannels channels, DeliveryQueue queue, ChannelPayloads payloads,
                                SecretStore secrets, ChannelSettings settings, Clock clock) {
        return new ChannelFanOut(channels, channels, queue, payloads, secrets, settings.linkBase(), clock);
    }

    @Singleton
    @Requires(beans = DeliveryQueue.class)
    ChannelRequests channelRequests(DynamoDbChannels channels, DeliveryQueue queue, SecretStore secrets,
                                    ChannelFanOut fanOut, DestinationRules rules, Clock clock) {
        return new ChannelRequests(channels, channels, queue, secrets, fanOut, rules, clock);
    }

    @Singleton
    @Requires(beans = {DeliveryQueue.class, WebhookSender.class})
    DeliveryWork deliveryWork(DynamoDbChannels channels, DeliveryQueue queue, WebhookSender sender,
                              SecretStore secrets, Notifications notifications, BeanProvider<OwnerMail> ownerMail,
                              ChannelSettings settings, Clock clock) {
        return new DeliveryWork(channels, channels, queue, sender, secrets, notifications,
                ownerMail.isPresent() ? java.util.Optional.of(ownerMail.get()) : java.util.Optional.empty(),
                new DeliveryWork.Settings(settings.lease(), DeliveryWork.Settings.STANDARD_BACKOFF,
                        settings.retryFor(), settings.disableAfter()), clock);
    }
}
