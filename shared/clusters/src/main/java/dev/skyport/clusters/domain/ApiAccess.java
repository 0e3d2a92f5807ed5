package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may reach a cluster's Kubernetes API. The API always has a private endpoint inside the cluster's network;
 * {@code publicEndpoint} adds one on the internet, reachable only from {@code cidrs} (at most {@value #MAX_CIDRS}
 * IPv4 blocks). An endpoint open to every address ({@code 0.0.0.0/0}) is only made when asked for explicitly
 * ({@code public_everywhere}).
 *
 * <p>When a request says nothing, the public endpoint is open to the one address that asked for the cluster (a /32),
 * where its owner most likely runs {@code kubectl}; a request from an address that is not a public IPv4 one (the
 * local platform, a private network) gets a private endpoint only. Either way nothing is open to the internet
 * unasked. Skyport's own runners are added to the list by the run, not stored here.
 *
 * <p>{@code admins} (EKS only) are the person's own IAM roles or users that the cluster makes administrators (an
 * access entry each, beside the cloud account's own principal): with one, a kubeconfig works with the person's own
 * AWS identity, where otherwise it needs the cloud account's role, which trusts only Skyport.
 */
public record ApiAccess(boolean publicEndpoint, List<Ipv4Cidr> cidrs, List<String> admins) {

    public static final int MAX_CIDRS = 20;
    public static final int MAX_ADMINS = 10;
    /** An IAM role or user of an account: what an EKS access entry names. */
    private static final Pattern IAM_PRINCIPAL = Pattern.compile(
            "^arn:aws(-cn|-us-gov)?:iam::\\d{12}:(role|user)/[\\w+=,.@/-]{1,512}$");
    private static final String SLUG = "invalid-api-access";
    private static final Ipv4Cidr EVERYWHERE = new Ipv4Cidr(0, 0);
    /** Blocks that are no public internet address (RFC 6890 and RFC 1918, with loopback and link-local). */
    private static final List<Ipv4Cidr> NOT_PUBLIC = List.of(block("0.0.0.0/8"), block("10.0.0.0/8"),
            block("100.64.0.0/10"), block("127.0.0.0/8"), block("169.254.0.0/16"), block("172.16.0.0/12"),
            block("192.0.0.0/24"), block("192.0.2.0/24"), block("192.168.0.0/16"), block("198.18.0.0/15"),
            block("198.51.100.0/24"), block("203.0.113.0/24"), block("224.0.0.0/3"));

    public ApiAccess {
        cidrs = List.copyOf(cidrs);
        admins = List.copyOf(admins);
    }

    /** Network access alone, no administrators of the person's own. */
    public ApiAccess(boolean publicEndpoint, List<Ipv4Cidr> cidrs) {
        this(publicEndpoint, cidrs, List.of());
    }

    /** The request's {@code api_access} as it came. */
    public record Request(Boolean publicEndpoint, List<String> cidrs, Boolean publicEverywhere, List<String> admins) {

        public Request(Boolean publicEndpoint, List<String> cidrs, Boolean publicEverywhere) {
            this(publicEndpoint, cidrs, publicEverywhere, null);
        }
    }

    public static ApiAccess privateOnly() {
        return new ApiAccess(false, List.of());
    }

    /** Open to every address: how clusters made before API access was a choice were made. */
    public static ApiAccess everywhere() {
        return new ApiAccess(true, List.of(EVERYWHERE));
    }

    /** The same access, with these administrators. */
    public ApiAccess withAdmins(List<String> principals) {
        return new ApiAccess(publicEndpoint, cidrs, principals);
    }

    /**
     * The access asked for, checked; or, when none is asked for, the default of this class's description.
     *
     * @param callerAddress the address the create request came from (an IP literal), when known
     */
    public static ApiAccess of(Optional<Request> request, Optional<String> callerAddress) {
        List<String> admins = admins(request.map(Request::admins).orElse(null));
        return network(request, callerAddress).withAdmins(admins);
    }

    private static List<String> admins(List<String> asked) {
        List<String> principals = asked == null ? List.of() : asked;
        if (principals.size() > MAX_ADMINS) {
            throw invalid("api_access.admins may name at most " + MAX_ADMINS + " principals");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < principals.size(); i++) {
            String principal = principals.get(i);
            if (principal == null || !IAM_PRINCIPAL.matcher(principal).matches()) {
                throw invalid("api_access.admins[" + i + "] is not an IAM role or user ARN (like"
                        + " arn:aws:iam::123456789012:role/platform-team)");
            }
            if (!seen.add(principal)) {
                throw invalid("api_access.admins[" + i + "] is listed twice");
            }
        }
        return principals;
    }

    private static ApiAccess network(Optional<Request> request, Optional<String> callerAddress) {
        if (request.isEmpty()) {
            return callerAddress.flatMap(address -> Ipv4Cidr.parse(address + "/32")).filter(ApiAccess::isPublic)
                    .map(address -> new ApiAccess(true, List.of(address))).orElse(privateOnly());
        }
        Request asked = request.get();
        if (asked.publicEndpoint() == null) {
            throw invalid("api_access.public is required (true or false)");
        }
        List<String> texts = asked.cidrs() == null ? List.of() : asked.cidrs();
        boolean everywhere = Boolean.TRUE.equals(asked.publicEverywhere());
        if (!asked.publicEndpoint()) {
            if (!texts.isEmpty() || everywhere) {
                throw invalid("api_access.cidrs and api_access.public_everywhere apply only to a public endpoint"
                        + " (api_access.public: true)");
            }
            return privateOnly();
        }
        if (texts.size() > MAX_CIDRS) {
            throw invalid("api_access.cidrs may hold at most " + MAX_CIDRS + " blocks");
        }
        List<Ipv4Cidr> cidrs = new ArrayList<>();
        Set<Ipv4Cidr> seen = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            String field = "api_access.cidrs[" + i + "]";
            Ipv4Cidr cidr = Ipv4Cidr.parse(texts.get(i)).orElseThrow(() -> invalid(field
                    + " is not an IPv4 block in CIDR notation whose address is its first (like 203.0.113.0/24)"));
            if (cidr.prefix() == 0 && !everywhere) {
                throw invalid(field + " opens the API to every address: ask for it with"
                        + " api_access.public_everywhere: true");
            }
            if (!seen.add(cidr)) {
                throw invalid(field + " is listed twice");
            }
            cidrs.add(cidr);
        }
        if (everywhere) {
            if (cidrs.stream().anyMatch(cidr -> cidr.prefix() != 0)) {
                throw invalid("api_access.public_everywhere opens the API to every address: leave api_access.cidrs"
                        + " empty");
            }
            return everywhere();
        }
        if (cidrs.isEmpty()) {
            throw invalid("api_access.cidrs must name at least one block for a public endpoint (or ask for"
                    + " api_access.public_everywhere: true)");
        }
        return new ApiAccess(true, cidrs);
    }

    /** Open to every address of the internet. */
    public boolean isEverywhere() {
        return publicEndpoint && cidrs.contains(EVERYWHERE);
    }

    private static boolean isPublic(Ipv4Cidr address) {
        return NOT_PUBLIC.stream().noneMatch(block -> block.contains(address));
    }

    private static Ipv4Cidr block(String text) {
        return Ipv4Cidr.parse(text).orElseThrow();
    }

    private static DomainException invalid(String detail) {
        return DomainException.invalid(SLUG, detail);
    }
}
