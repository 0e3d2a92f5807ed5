package dev.skyport.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.identity.application.WsTickets;
import dev.skyport.notifications.adapter.websocket.WebSocketChannel;
import dev.skyport.notifications.application.LiveUpdates;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's routes. {@code $connect} redeems the single-use ticket of {@code POST /auth/ws-ticket} (query
 * parameter {@code ticket}) and keeps the connection for its person; a missing, unknown, used or expired ticket is
 * refused (401) and nothing is kept. {@code $disconnect} forgets the connection. {@code $default} answers
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
        live.connected(connectionId, holder.get().user(), holder.get().session());
        return answer(200, null);
    }

    private static APIGatewayV2WebSocketResponse answer(int status, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setBody(body);
        return response;
    }
}
