package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    private static void refused(String vpc, List<String> publics, List<String> privates, String field) {
        assertThatThrownBy(() -> NetworkSpec.of(vpc, publics, privates))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.slug()).isEqualTo("invalid-network"))
                .hasMessageStartingWith(field);
    }

    @Test
    void a_private_block_with_subnets_inside_it_is_accepted() {
        NetworkSpec network = NetworkSpec.of("10.20.0.0/16", List.of("10.20.0.0/24", "10.20.1.0/24"),
                List.of("10.20.128.0/20", "10.20.144.0/20"));
        assertThat(network.vpcCidr()).hasToString("10.20.0.0/16");
        assertThat(network.privateSubnets()).hasSize(2);
        assertThat(NetworkSpec.of("192.168.4.0/24", List.of(), List.of()).publicSubnets()).isEmpty();
    }

    @Test
    void the_block_must_be_private_canonical_and_between_16_and_24() {
        refused("8.8.0.0/16", List.of(), List.of(), "network.vpc_cidr");
        refused("172.32.0.0/16", List.of(), List.of(), "network.vpc_cidr");
        refused("10.0.0.1/16", List.of(), List.of(), "network.vpc_cidr");
        refused("10.0.0.0/8", List.of(), List.of(), "network.vpc_cidr");
        refused("10.0.0.0/25", List.of(), List.of(), "network.vpc_cidr");
        refused("10.0.0.0", List.of(), List.of(), "network.vpc_cidr");
        refused("010.0.0.0/16", List.of(), List.of(), "network.vpc_cidr");
        refused("10.0.0.256/16", List.of(), List.of(), "network.vpc_cidr");
        refused("1".repeat(3000), List.of(), List.of(), "network.vpc_cidr");
        refused(null, List.of(), List.of(), "network.vpc_cidr");
    }

    @Test
    void subnets_lie_inside_do_not_overlap_and_come_at_least_two_at_a_time() {
        refused("10.0.0.0/16", List.of("10.0.0.0/24"), List.of(), "network.public_subnet_cidrs");
        refused("10.0.0.0/16", List.of("10.0.0.0/24", "10.1.0.0/24"), List.of(), "network.public_subnet_cidrs[1]");
        refused("10.0.0.0/16", List.of("10.0.0.0/24", "10.0.0.0/16"), List.of(), "network.public_subnet_cidrs[1]");
        refused("10.0.0.0/16", List.of("10.0.0.0/24", "10.0.1.0/24"), List.of("10.0.1.0/24", "10.0.2.0/24"),
                "network subnets 10.0.1.0/24 and 10.0.1.0/24 overlap");
        refused("10.0.0.0/16", List.of("10.0.0.0/20", "10.0.16.0/20"), List.of("10.0.8.0/24", "10.0.64.0/24"),
                "network subnets 10.0.0.0/20 and 10.0.8.0/24 overlap");
        refused("10.0.0.0/16", List.of("10.0.0.0/24", "nonsense"), List.of(), "network.public_subnet_cidrs[1]");
    }

    @Test
    void blocks_know_containment_and_overlap() {
        Ipv4Cidr big = Ipv4Cidr.parse("172.16.0.0/12").orElseThrow();
        Ipv4Cidr small = Ipv4Cidr.parse("172.31.255.0/24").orElseThrow();
        assertThat(big.contains(small)).isTrue();
        assertThat(small.contains(big)).isFalse();
        assertThat(small.overlaps(big)).isTrue();
        assertThat(Ipv4Cidr.parse("172.15.0.0/16").orElseThrow().isPrivate()).isFalse();
        assertThat(Ipv4Cidr.parse("192.168.0.0/16").orElseThrow().isPrivate()).isTrue();
        assertThat(Ipv4Cidr.parse("0.0.0.0/0")).hasValueSatisfying(all -> assertThat(all.contains(big)).isTrue());
    }
}
