package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.util.ArrayList;
import java.util.List;

/**
 * The network a cluster gets: a private (RFC 1918) block between /16 and /24, and public and private subnets that
 * lie inside it, do not overlap, and are at least two of each (two availability zones) when given. Every refusal
 * names the field ({@code network.private_subnet_cidrs[1]}).
 */
public record NetworkSpec(Ipv4Cidr vpcCidr, List<Ipv4Cidr> publicSubnets, List<Ipv4Cidr> privateSubnets) {

    public static final int MIN_SUBNETS = 2;
    public static final int MAX_SUBNETS = 6;

    public NetworkSpec {
        publicSubnets = List.copyOf(publicSubnets);
        privateSubnets = List.copyOf(privateSubnets);
    }

    /** Reads and checks what a person sent; empty subnet lists mean "Skyport chooses". */
    public static NetworkSpec of(String vpcCidr, List<String> publicSubnets, List<String> privateSubnets) {
        Ipv4Cidr vpc = Ipv4Cidr.parse(vpcCidr).orElseThrow(() -> invalid("network.vpc_cidr",
                "is not an IPv4 CIDR block like 10.0.0.0/16"));
        if (!vpc.isPrivate()) {
            throw invalid("network.vpc_cidr", "must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)");
        }
        if (vpc.prefix() < 16 || vpc.prefix() > 24) {
            throw invalid("network.vpc_cidr", "must be between /16 and /24");
        }
        List<Ipv4Cidr> publics = subnets(vpc, publicSubnets, "network.public_subnet_cidrs");
        List<Ipv4Cidr> privates = subnets(vpc, privateSubnets, "network.private_subnet_cidrs");
        List<Ipv4Cidr> all = new ArrayList<>(publics);
        all.addAll(privates);
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).overlaps(all.get(j))) {
                    throw invalid("network", "subnets " + all.get(i) + " and " + all.get(j) + " overlap");
                }
            }
        }
        return new NetworkSpec(vpc, publics, privates);
    }

    private static List<Ipv4Cidr> subnets(Ipv4Cidr vpc, List<String> texts, String field) {
        if (texts == null || texts.isEmpty()) {
            return List.of();
        }
        if (texts.size() < MIN_SUBNETS || texts.size() > MAX_SUBNETS) {
            throw invalid(field, "must hold " + MIN_SUBNETS + " to " + MAX_SUBNETS + " blocks, one per zone");
        }
        List<Ipv4Cidr> subnets = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String name = field + "[" + i + "]";
            Ipv4Cidr subnet = Ipv4Cidr.parse(texts.get(i)).orElseThrow(() -> invalid(name,
                    "is not an IPv4 CIDR block like 10.0.1.0/24"));
            if (!vpc.contains(subnet) || subnet.equals(vpc)) {
                throw invalid(name, subnet + " does not lie inside the network " + vpc);
            }
            subnets.add(subnet);
        }
        return subnets;
    }

    private static DomainException invalid(String field, String problem) {
        return DomainException.invalid("invalid-network", field + " " + problem);
    }
}
