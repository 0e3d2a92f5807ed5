package dev.skyport.local.events;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.skyport.local.LocalOnly;
import dev.skyport.realtime.WebSocketHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.util.Map;

/**
 * Development only: {@code ws://localhost:8080/ws?ticket=...}, the WebSocket API of the local platform. Every frame
 * goes to the realtime function's own handler as the API Gateway event it would be in AWS ({@code $connect},
 * {@code $default}, {@code $disconnect}), with the session's id as the connection id. A ticket the handler refuses
 * closes the socket at once with code 4401 (in AWS the handshake itself answers 401).
 * <p>
 * The callbacks run on the connection's own event loop, one after the other, as API Gateway orders them: no frame
 * reaches {@code $default} before {@code $connect} has answered. With {@code @ExecuteOn} each callback went to the
 * executor on its own, and {@code $default} could run beside its own {@code $connect}. That order also needs the
 * upgrade itself handled on the event loop: Micronaut calls {@link #open} before it puts the socket's frame handler
 * in place, so an upgrade finished on another thread (a request filter on the blocking executor did that) leaves a
 * gap in which a frame sent right after the handshake is lost. LocalLiveIT sends such frames. The handler's DynamoDB
 * calls block the loop for a few milliseconds, which a development platform can afford.
 */
@ServerWebSocket("/ws")
@Secured(SecurityRule.IS_ANONYMOUS) // the single-use ticket is the credential, as in AWS
@LocalOnly
public class LocalWebSocket {

    /**
     * The close code of a refused ticket, and of a connection closed because its person's sessions ended: 4000-4999
     * are the application's, 401 as in HTTP. Either way the client needs a new ticket, which only a live session gets.
     */
    public static final int TICKET_REFUSED = 4401;

    private final ApplicationContext context;
    private final WebSocketHandler handler;
    private final LocalConnectionPusher pusher;

    public LocalWebSocket(ApplicationContext context, LocalConnectionPusher pusher) {
        this.context = context;
        this.handler = new WebSocketHandler(context);
        this.pusher = pusher;
    }

    @OnOpen
    public void open(WebSocketSession session, HttpRequest<?> request) {
        // The session is known to the pusher before the connection is kept: a push right after finds it.
        pusher.opened(session);
        String ticket = request.getParameters().get("ticket");
        APIGatewayV2WebSocketResponse answer = invoke("$connect", "CONNECT", session.getId(), null,
                ticket == null ? Map.of() : Map.of("ticket", ticket));
        if (answer.getStatusCode() != 200) {
            pusher.closed(session.getId());
            session.close(new CloseReason(TICKET_REFUSED, "ticket refused: get a new one from POST /auth/ws-ticket"));
        }
    }

    @OnMessage(maxPayloadLength = 32 * 1024)
    public void message(String text, WebSocketSession session) {
        APIGatewayV2WebSocketResponse answer = invoke("$default", "MESSAGE", session.getId(), text, Map.of());
        if (answer.getBody() != null && session.isOpen()) {
            session.sendAsync(answer.getBody(), MediaType.APPLICATION_JSON_TYPE);
        }
    }

    @OnClose
    public void close(WebSocketSession session) {
        pusher.closed(session.getId());
        if (!context.isRunning()) {
            // The platform is stopping and closes every socket: the connection items expire with their TTL, and a
            // push to one after a restart finds no session and forgets it.
            return;
        }
        invoke("$disconnect", "DISCONNECT", session.getId(), null, Map.of());
    }

    private APIGatewayV2WebSocketResponse invoke(String route, String type, String connectionId, String body,
                                                 Map<String, String> query) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(route);
        context.setEventType(type);
        context.setConnectionId(connectionId);
        context.setStage("local");
        event.setRequestContext(context);
        event.setQueryStringParameters(query);
        event.setBody(body);
        return handler.handleRequest(event, null);
    }
}
