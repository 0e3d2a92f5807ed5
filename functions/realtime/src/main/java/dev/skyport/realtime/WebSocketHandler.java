package dev.skyport.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.identity.application.WsTickets;
import dev.skyport.notifications.adapter.websocket.WebSocketChannel;
import dev.skyport.notifications.application.LiveUpdates;
import dev.skyport.platform.lambda.EventHandler;
import dev.skyport.platform.sessions.LiveSessions;
import dev.skyport.platform.tokens.PersonalTokenLookup;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's routes. {@code $connect} redeems the single-use ticket of {@code POST /auth/ws-ticket} (query
 * parameter {@code ticket}) and keeps the connection for its person, with the session or personal access token that
 * asked for the ticket (signing that session out or revoking that token closes it); a missing, unknown, used or
 * expired ticket, or one whose session has ended or whose token no longer works, is refused (401) and nothing is
 * kept. {@code $disconnect} forgets the connection. {@code $default} answers
 * {@code {"type":"ping"}} with {@code {"type":"pong"}} and anything else with a polite {@code error} message.
 */
public class WebSocketHandler extends EventHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHandler.class);

    @Inject
    WsTicketIssuer tickets;
    @Inject
    LiveUpdates live;
    @Inject
    WebSocketChannel channel;
    /** Absent only where a test turned the session check off ({@link LiveSessions#CHECK_SWITCH}). */
    @Inject
    @Nullable
    LiveSessions sessions;
    @Inject
    PersonalTokenLookup personalTokens;
    @Inject
    Clock clock;

    /** Used by the Lambda runtime. */
    public WebSocketHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests and the local platform do. */
    public WebSocketHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent input) {
        APIGatewayV2WebSocketEvent.RequestContext request = input.getRequestContext();
        String route = request == null ? "" : String.valueOf(request.getRouteKey());
        String connectionId = request == null ? null : request.getConnectionId();
        if (connectionId == null || connectionId.isBlank()) {
            return answer(400, null);
        }
        return switch (route) {
            case "$connect" -> connect(connectionId, input.getQueryStringParameters());
            case "$disconnect" -> {
                live.disconnected(connectionId);
                yield answer(200, null);
            }
            default -> answer(200, channel.answer(input.getBody()));
        };
    }

    private APIGatewayV2WebSocketResponse connect(String connectionId, Map<String, String> query) {
        String ticket = query == null ? null : query.get("ticket");
        Optional<WsTickets.Holder> holder = ticket == null || ticket.length() > 256 ? Optional.empty()
                : tickets.redeem(ticket);
        if (holder.isEmpty()) {
            LOG.info("WebSocket connection {} refused: {} ticket", connectionId, ticket == null ? "no" : "a bad");
            return answer(401, null);
        }
        Optional<Opener> opener = opener(holder.get());
        if (opener.isEmpty()) {
            LOG.info("WebSocket connection {} refused: the session or token that asked for its ticket has ended",
                    connectionId);
            return answer(401, null);
        }
        live.connected(connectionId, holder.get().user(), opener.get().session(), opener.get().tokenId());
        return answer(200, null);
    }

    /** What asked for the ticket, if it still works now: a live session, or a token still good for its person. */
    private Optional<Opener> opener(WsTickets.Holder holder) {
        Instant now = clock.instant();
        String user = holder.user().value();
        if (holder.tokenHash().isPresent()) {
            return personalTokens.find(holder.tokenHash().get(), now).filter(token -> token.userId().equals(user))
                    .map(token -> new Opener(Optional.empty(), Optional.of(token.tokenId())));
        }
        if (holder.session().isPresent() && sessions != null && !sessions.isLive(user, holder.session().get(), now)) {
            return Optional.empty();
        }
        return Optional.of(new Opener(holder.session(), Optional.empty()));
    }

    private record Opener(Optional<String> session, Optional<String> tokenId) {
    }

    private static APIGatewayV2WebSocketResponse answer(int status, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setBody(body);
        return response;
    }
}
