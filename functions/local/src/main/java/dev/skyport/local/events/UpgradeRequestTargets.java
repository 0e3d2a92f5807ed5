package dev.skyport.local.events;

import dev.skyport.local.LocalOnly;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket handshake whose request target {@link URI} cannot read ({@code /ws?ticket=%zz}, {@code ?ticket=a|b}: a
 * browser sends such a URL as written) goes on with its unreadable characters percent-encoded, so
 * {@code /ws?ticket=%zz} arrives as the ticket {@code %zz} and is refused as any wrong ticket is (close code 4401, one
 * log line). Micronaut's upgrade handler parses the target before any route or filter and, when it cannot, logged a
 * 43-line stack trace and left the client waiting for an answer. A target that parses is not touched, and neither is
 * a request that is not a WebSocket upgrade: Micronaut refuses those with an error status itself, without a trace.
 */
@Singleton
@LocalOnly
public class UpgradeRequestTargets implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final String HANDLER = "skyport-upgrade-request-targets";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** What {@link URI} takes as it is in a path or query, besides letters, digits and valid escapes (RFC 3986). */
    private static final String KEPT = "-._~!$&'()*+,;=:@/?";

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new OnConnections());
        return event.getBean();
    }

    /** The target as {@link URI} reads it: unchanged when it parses, otherwise with every unreadable part escaped. */
    static String readable(String target) {
        try {
            URI.create(target);
            return target;
        } catch (IllegalArgumentException unreadable) {
            StringBuilder escaped = new StringBuilder(target.length() + 16);
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c == '%' ? i + 2 < target.length() && hex(target.charAt(i + 1)) && hex(target.charAt(i + 2))
                        : c < 128 && (Character.isLetterOrDigit(c) || KEPT.indexOf(c) >= 0)) {
                    escaped.append(c);
                } else {
                    // Netty reads the request line as ISO-8859-1: a character is one byte of what was sent.
                    byte[] bytes = c < 256 ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    for (byte b : bytes) {
                        escaped.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                    }
                }
            }
            return escaped.toString();
        }
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private static final class OnConnections implements NettyServerCustomizer {

        private final Channel channel;

        OnConnections() {
            this(null);
        }

        private OnConnections(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new OnConnections(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
                    && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, HANDLER,
                        new ReadableTargets());
            }
        }
    }

    @ChannelHandler.Sharable
    private static final class ReadableTargets extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request
                    && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                request.setUri(readable(request.uri()));
            }
            context.fireChannelRead(message);
        }
    }
}
