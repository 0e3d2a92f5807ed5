package dev.skyport.notifications.domain;

import dev.skyport.kernel.DomainException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Skyport may send a person's events, so that a channel cannot be used to reach inside Skyport's network
 * (server-side request forgery): https only, and only public unicast addresses. The address rule is applied to the
 * address a name resolves to at send time, and the connection goes to exactly that address, so a name that resolves
 * to a public address when checked and to a private one later (DNS rebinding) does not get through. Refused:
 * unspecified, loopback, private (RFC 1918, IPv6 unique-local {@code fc00::/7}, which holds EC2's
 * {@code fd00:ec2::254}), link-local (which holds the metadata service, {@code 169.254.169.254}), carrier-grade NAT
 * ({@code 100.64.0.0/10}), multicast, broadcast, documentation, benchmarking and reserved ranges, and IPv6 forms that
 * carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) unless the address they carry passes.
 *
 * <p>The local platform may allow plain http to its own machine ({@code allowLoopbackHttp}), so that a receiver on
 * 127.0.0.1 can be tried; AWS never does.
 */
public record DestinationRules(boolean allowLoopbackHttp) {

    /** The URL a person gave, checked for its form (the address is checked when sending). */
    public URI checkUrl(String text, String field) {
        if (text == null || text.isBlank() || text.length() > 2048) {
            throw DomainException.invalid("invalid-url", field + " must be an https URL of at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException malformed) {
            throw DomainException.invalid("invalid-url", field + " is not a URL");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw DomainException.invalid("invalid-url", field + " must be an absolute URL with a host, no user"
                    + " information and no fragment");
        }
        boolean https = scheme.equals("https");
        boolean localHttp = allowLoopbackHttp && scheme.equals("http") && isLoopbackName(uri.getHost());
        if (!https && !localHttp) {
            throw DomainException.invalid("invalid-url", field + " must use https"
                    + (allowLoopbackHttp ? " (or http to 127.0.0.1 on the local platform)" : ""));
        }
        literalAddress(uri.getHost()).ifPresent(address -> {
            if (!allowed(address)) {
                throw DomainException.invalid("invalid-url", field + " points at an address Skyport does not send to"
                        + " (private, loopback, link-local or reserved)");
            }
        });
        return uri;
    }

    /** Whether Skyport may connect to this (resolved) address. */
    public boolean allowed(InetAddress address) {
        if (allowLoopbackHttp && address.isLoopbackAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return publicV4(bytes);
        }
        if (address instanceof Inet6Address) {
            return publicV6(bytes);
        }
        return false;
    }

    private static boolean isLoopbackName(String host) {
        return literalAddress(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** The address a URL's host names literally (an IP address), if it is one; names are not resolved here. */
    private static Optional<InetAddress> literalAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = bare.matches("[0-9.]+");
        boolean v6 = bare.contains(":");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: no lookup happens
        } catch (UnknownHostException notAnAddress) {
            throw DomainException.invalid("invalid-url", "url has a malformed address");
        }
    }

    static boolean publicV4(byte[] a) {
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        int b2 = a[2] & 0xFF;
        return !(b0 == 0                                   // this network
                || b0 == 10                                // private
                || b0 == 127                               // loopback
                || (b0 == 100 && b1 >= 64 && b1 <= 127)    // carrier-grade NAT
                || (b0 == 169 && b1 == 254)                // link-local, the metadata service
                || (b0 == 172 && b1 >= 16 && b1 <= 31)     // private
                || (b0 == 192 && b1 == 0 && b2 == 0)       // IETF protocol assignments
                || (b0 == 192 && b1 == 0 && b2 == 2)       // documentation
                || (b0 == 192 && b1 == 88 && b2 == 99)     // 6to4 relay anycast
                || (b0 == 192 && b1 == 168)                // private
                || (b0 == 198 && (b1 == 18 || b1 == 19))   // benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100)    // documentation
                || (b0 == 203 && b1 == 0 && b2 == 113)     // documentation
                || b0 >= 224);                             // multicast, reserved, broadcast
    }

    static boolean publicV6(byte[] a) {
        int w0 = ((a[0] & 0xFF) << 8) | (a[1] & 0xFF);
        int w1 = ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= a[i] == 0;
        }
        if (firstTenZero && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return publicV4(Arrays.copyOfRange(a, 12, 16));        // IPv4-mapped ::ffff:a.b.c.d
        }
        if (firstTenZero && a[10] == 0 && a[11] == 0) {
            return false;                                          // ::, ::1, IPv4-compatible ::a.b.c.d
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            return publicV4(Arrays.copyOfRange(a, 12, 16));        // NAT64 64:ff9b::/96 (and 64:ff9b:1::/48)
        }
        if (w0 == 0x2002) {
            return publicV4(Arrays.copyOfRange(a, 2, 6));          // 6to4 2002::/16
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            return false;                                          // Teredo: the IPv4 address is obfuscated
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return false;                                          // documentation
        }
        if (w0 == 0x0100 && w1 == 0 && a[4] == 0 && a[5] == 0 && a[6] == 0 && a[7] == 0) {
            return false;                                          // discard-only 100::/64
        }
        return (w0 & 0xFE00) != 0xFC00                             // unique-local fc00::/7 (fd00:ec2::254)
                && (w0 & 0xFFC0) != 0xFE80                         // link-local fe80::/10
                && (w0 & 0xFFC0) != 0xFEC0                         // site-local fec0::/10
                && (w0 & 0xFF00) != 0xFF00                         // multicast
                && (w0 & 0xE000) == 0x2000;                        // only global unicast 2000::/3 is routed
    }
}
