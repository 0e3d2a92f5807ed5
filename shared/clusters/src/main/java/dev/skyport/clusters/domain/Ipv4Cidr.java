package dev.skyport.clusters.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 block in CIDR notation whose address is the block's first one ({@code 10.0.0.0/16}, not {@code 10.0.0.1/16}). */
public record Ipv4Cidr(long network, int prefix) {

    private static final Pattern SHAPE = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");
    /** RFC 1918: the blocks a private network may use. */
    private static final Ipv4Cidr[] PRIVATE = {new Ipv4Cidr(0x0A000000L, 8), new Ipv4Cidr(0xAC100000L, 12),
            new Ipv4Cidr(0xC0A80000L, 16)};

    /** The block, or nothing when the text is no canonical IPv4 CIDR block. */
    public static Optional<Ipv4Cidr> parse(String text) {
        if (text == null || text.length() > 18) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (int group = 1; group <= 4; group++) {
            int octet = Integer.parseInt(matcher.group(group));
            if (octet > 255 || (matcher.group(group).length() > 1 && matcher.group(group).startsWith("0"))) {
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(matcher.group(5));
        if (prefix > 32 || (address & ~mask(prefix)) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Cidr(address, prefix));
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private long last() {
        return network | (~mask(prefix) & 0xFFFFFFFFL);
    }

    public boolean contains(Ipv4Cidr other) {
        return other.prefix >= prefix && other.network >= network && other.last() <= last();
    }

    public boolean overlaps(Ipv4Cidr other) {
        return network <= other.last() && other.network <= last();
    }

    /** Inside one of the RFC 1918 private blocks. */
    public boolean isPrivate() {
        for (Ipv4Cidr block : PRIVATE) {
            if (block.contains(this)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ((network >> 24) & 0xFF) + "." + ((network >> 16) & 0xFF) + "." + ((network >> 8) & 0xFF) + "."
                + (network & 0xFF) + "/" + prefix;
    }
}
