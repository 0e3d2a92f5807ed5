package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import dev.skyport.kernel.OpaqueToken;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Issues and redeems the single-use ticket that opens a WebSocket connection. */
@Singleton
public class WsTicketIssuer {

    private final WsTickets tickets;
    private final IdentityRules settings;
    private final Clock clock;

    public WsTicketIssuer(WsTickets tickets, IdentityRules settings, Clock clock) {
        this.tickets = tickets;
        this.settings = settings;
        this.clock = clock;
    }

    /** A ticket for the person, asked for by one of their sessions (see {@link WsTickets.Holder}). */
    public IssuedTicket issue(UserId userId, Optional<String> session) {
        return issue(new WsTickets.Holder(userId, session));
    }

    /** A ticket for the person, asked for by one of their sessions or personal access tokens. */
    public IssuedTicket issue(WsTickets.Holder holder) {
        String ticket = OpaqueToken.generate();
        Instant expiresAt = clock.instant().plus(settings.wsTicketTtl());
        tickets.save(OpaqueToken.hash(ticket), holder, expiresAt);
        return new IssuedTicket(ticket, expiresAt);
    }

    public Optional<WsTickets.Holder> redeem(String ticket) {
        if (ticket == null || ticket.isBlank()) {
            return Optional.empty();
        }
        return tickets.redeem(OpaqueToken.hash(ticket), clock.instant());
    }

    public record IssuedTicket(String ticket, Instant expiresAt) {
    }
}
