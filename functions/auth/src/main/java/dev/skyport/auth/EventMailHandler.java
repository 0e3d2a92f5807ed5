package dev.skyport.auth;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.skyport.identity.application.EventMail;
import dev.skyport.identity.application.EventMailRules;
import dev.skyport.identity.config.EventMailSettings;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-mail queue's consumer (SQS, in the auth jar): each message is one platform event, as the topic carries
 * it (raw delivery of the subscription filtered to {@code EventMailRules.TOPIC_EVENT_TYPES}), or a
 * {@code channel.disabled} the channel delivery sent; {@link EventMail} mails its owner if they want that kind, once
 * per event. A message that fails is reported alone (partial batch response): SQS delivers it again and, past the
 * receive limit, moves it to the dead-letter queue. A message that is not a Skyport event, or not from the sender
 * its kind must come from ({@link EventMailRules#refusedSender}), is logged and dropped.
 */
public class EventMailHandler extends EventHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(EventMailHandler.class);

    @Inject
    EventMail mail;
    @Inject
    JsonMapper json;
    @Inject
    EventMailSettings settings;

    /** Used by the Lambda runtime. */
    public EventMailHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests and the local platform do. */
    public EventMailHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected SQSBatchResponse execute(SQSEvent input) {
        List<SQSEvent.SQSMessage> messages = input.getRecords() == null ? List.of() : input.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            DomainEvent event;
            try {
                event = EventMessage.read(json, message.getBody());
            } catch (IllegalArgumentException notAnEvent) {
                LOG.warn("message {} dropped: {}", message.getMessageId(), notAnEvent.getMessage());
                continue;
            }
            Optional<String> refused = EventMailRules.refusedSender(event.type(),
                    message.getAttributes() == null ? null : message.getAttributes().get("SenderId"),
                    settings.channelSender());
            if (refused.isPresent()) {
                LOG.warn("message {} dropped: {}", message.getMessageId(), refused.get());
                continue;
            }
            try {
                EventMail.Outcome outcome = mail.on(event);
                LOG.info("event {} {}: {}", event.type(), event.id(), outcome);
            } catch (EventMail.HeldElsewhere held) {
                LOG.info("message {}: {}; delivered again later", message.getMessageId(), held.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } catch (RuntimeException e) {
                // the event's fields and the address are not logged: the class says what went wrong
                LOG.warn("mail for event {} {} failed ({}); delivered again later, then dead-lettered", event.type(),
                        event.id(), e.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
