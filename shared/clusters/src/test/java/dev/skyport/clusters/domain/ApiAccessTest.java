package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ApiAccessTest {

    private static ApiAccess asked(Boolean isPublic, List<String> cidrs, Boolean everywhere) {
        return ApiAccess.of(Optional.of(new ApiAccess.Request(isPublic, cidrs, everywhere)), Optional.empty());
    }

    private static void refused(Boolean isPublic, List<String> cidrs, Boolean everywhere, String naming) {
        assertThatThrownBy(() -> asked(isPublic, cidrs, everywhere)).isInstanceOf(DomainException.class)
                .hasMessageContaining(naming)
                .satisfies(e -> assertThat(((DomainException) e).slug()).isEqualTo("invalid-api-access"));
    }

    @Test
    void admins_are_iam_roles_or_users_each_named_once_and_only_on_eks() {
        String role = "arn:aws:iam::123456789012:role/platform-team";
        String user = "arn:aws:iam::123456789012:user/path/ana";
        assertThat(ApiAccess.of(Optional.of(new ApiAccess.Request(false, null, null, List.of(role, user))),
                Optional.empty()).admins()).containsExactly(role, user);
        for (String wrong : List.of("arn:aws:iam::123456789012:group/admins", "arn:aws:sts::123456789012:assumed-role/x/y",
                "arn:aws:iam::12345:role/x", "platform-team", "")) {
            assertThatThrownBy(() -> ApiAccess.of(Optional.of(new ApiAccess.Request(false, null, null,
                    List.of(role, wrong))), Optional.empty())).as(wrong).hasMessageContaining("api_access.admins[1]");
        }
        assertThatThrownBy(() -> ApiAccess.of(Optional.of(new ApiAccess.Request(false, null, null,
                List.of(role, role))), Optional.empty())).hasMessageContaining("api_access.admins[1] is listed twice");
        assertThatThrownBy(() -> ApiAccess.of(Optional.of(new ApiAccess.Request(false, null, null,
                IntStream.range(0, 11).mapToObj(i -> "arn:aws:iam::123456789012:role/r" + i).toList())),
                Optional.empty())).hasMessageContaining("at most 10");
        ClusterSpec.Request aks = new ClusterSpec.Request("demo", "westeurope", null, Optional.empty(),
                Optional.empty(), "acmestate", null, Optional.empty(), Optional.empty(),
                Optional.of(new ApiAccess.Request(false, null, null, List.of(role))));
        assertThatThrownBy(() -> ClusterSpec.of(aks, "azure", Catalogue.defaults()))
                .hasMessageContaining("api_access.admins names IAM principals of EKS clusters");
    }

    @Test
    void unasked_the_api_is_open_only_to_the_public_address_that_asked_for_the_cluster() {
        assertThat(ApiAccess.of(Optional.empty(), Optional.of("198.160.4.7")))
                .isEqualTo(new ApiAccess(true, List.of(Ipv4Cidr.parse("198.160.4.7/32").orElseThrow())));
        for (String notPublic : List.of("127.0.0.1", "10.1.2.3", "192.168.1.20", "172.20.0.5", "100.64.1.1",
                "169.254.169.254", "::1", "2001:db8::1", "unknown")) {
            assertThat(ApiAccess.of(Optional.empty(), Optional.of(notPublic))).as(notPublic)
                    .isEqualTo(ApiAccess.privateOnly());
        }
        assertThat(ApiAccess.of(Optional.empty(), Optional.empty())).isEqualTo(ApiAccess.privateOnly());
    }

    @Test
    void a_public_endpoint_is_open_to_the_blocks_asked_for_and_to_everyone_only_when_asked_explicitly() {
        assertThat(asked(true, List.of("203.0.113.0/24", "198.51.100.7/32"), null).cidrs())
                .extracting(Object::toString).containsExactly("203.0.113.0/24", "198.51.100.7/32");
        assertThat(asked(false, null, null)).isEqualTo(ApiAccess.privateOnly());
        ApiAccess everywhere = asked(true, List.of(), true);
        assertThat(everywhere.isEverywhere()).isTrue();
        assertThat(asked(true, List.of("0.0.0.0/0"), true)).isEqualTo(everywhere);
        assertThat(asked(true, List.of("203.0.113.0/24"), null).isEverywhere()).isFalse();
    }

    @Test
    void each_refusal_names_the_field_that_is_wrong() {
        refused(null, List.of("203.0.113.0/24"), null, "api_access.public is required");
        refused(true, List.of("0.0.0.0/0"), null, "api_access.cidrs[0] opens the API to every address");
        refused(true, List.of("203.0.113.0/24", "not-a-block"), null, "api_access.cidrs[1] is not an IPv4 block");
        refused(true, List.of("203.0.113.1/24"), null, "api_access.cidrs[0] is not an IPv4 block");
        refused(true, List.of("203.0.113.0/24", "203.0.113.0/24"), null, "api_access.cidrs[1] is listed twice");
        refused(true, List.of(), null, "api_access.cidrs must name at least one block");
        refused(true, List.of("203.0.113.0/24"), true, "leave api_access.cidrs empty");
        refused(false, List.of("203.0.113.0/24"), null, "apply only to a public endpoint");
        refused(false, List.of(), true, "apply only to a public endpoint");
        refused(true, IntStream.range(0, 21).mapToObj(i -> "198.51.100." + i + "/32").toList(), null,
                "at most 20 blocks");
    }
}
