package dev.skyport.local.web;

import dev.skyport.local.events.InProcessTopic;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;

/** Local platform only: the domain events published lately, newest first, as SNS subscribers would see them. */
@Controller("/local/events")
@Requires(beans = InProcessTopic.class)
@Secured(SecurityRule.IS_ANONYMOUS)
public class EventsController {

    private final InProcessTopic topic;

    public EventsController(InProcessTopic topic) {
        this.topic = topic;
    }

    @Get
    public List<EventMessage> recent() {
        return topic.recent().stream().map(EventMessage::of).toList();
    }
}
