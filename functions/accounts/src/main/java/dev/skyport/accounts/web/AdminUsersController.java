package dev.skyport.accounts.web;

import dev.skyport.platform.web.AuditedRequest;
import io.micronaut.http.HttpRequest;

import dev.skyport.accounts.web.AccountRequests.RolesChange;
import dev.skyport.identity.application.UserAdministration;
import dev.skyport.identity.application.UserPage;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.web.UserView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.micronaut.security.annotation.Secured;
import java.util.List;
import java.util.Optional;

/** ADMIN only: every account, newest first, and their roles. */
@Controller("/admin/users")
@Secured("ADMIN")
public class AdminUsersController {

    static final int DEFAULT_LIMIT = 20;

    private final UserAdministration administration;

    public AdminUsersController(UserAdministration administration) {
        this.administration = administration;
    }

    /** Every account, newest first (ADMIN only). */
    @Get
    public UsersPage listUsers(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        UserPage page = administration.list(Optional.ofNullable(cursor), limit == null ? DEFAULT_LIMIT : limit);
        return new UsersPage(page.users().stream().map(UserView::of).toList(), page.nextCursor().orElse(null));
    }

    /** Sets the roles of a user; they take effect at that user's next token refresh. */
    @Put("/{id}/roles")
    public UserView changeRoles(@PathVariable String id, @Body RolesChange request, HttpRequest<?> http) {
        UserId person = UserId.parse(id);
        AuditedRequest.actsOn(http, person);
        return UserView.of(administration.changeRoles(person, request == null ? null : request.roles()));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record UsersPage(List<UserView> users, @Nullable String nextCursor) {
    }

}
