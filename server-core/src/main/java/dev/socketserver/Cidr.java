package dev.socketserver;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation, IPv4 or IPv6: {@code 10.0.0.0/8},
 * {@code 2001:db8::/32}, or a single address ({@code 127.0.0.1} is {@code 127.0.0.1/32}).
 *
 * <pre>{@code
 * Cidr lan = Cidr.parse("192.168.0.0/16");
 * lan.contains(InetAddress.ofLiteral("192.168.1.7")); // true
 * }</pre>
 *
 * <p>An IPv4 block never contains an IPv6 address and the other way round; an IPv4-mapped IPv6
 * client ({@code ::ffff:10.1.2.3}) reaches the server as its IPv4 address, so IPv4 blocks
 * match it.
 *
 * @param network the first address of the block (host bits zero)
 * @param prefixLength how many leading bits are fixed: 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Validates that the prefix fits the address family and that no host bit is set. */
    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length of " + network.getHostAddress() + "/" + prefixLength
                    + " must be in 0.." + bits);
        }
        byte[] masked = mask(network.getAddress(), prefixLength);
        if (!Arrays.equals(masked, network.getAddress())) {
            throw new IllegalArgumentException("CIDR " + network.getHostAddress() + "/" + prefixLength
                    + " has host bits set; the block starts at " + toHostAddress(masked) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code ADDRESS[/PREFIX]}. Only literal addresses are accepted (no name lookup).
     *
     * @param text a block such as {@code 10.0.0.0/8} or {@code ::1/128}, or a single address
     * @return the parsed block
     * @throws IllegalArgumentException naming the value when it is not a valid block
     */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address;
        try {
            if (addressPart.indexOf(':') < 0 && !DOTTED_QUAD.matcher(addressPart).matches()) {
                // ofLiteral also takes the old short forms ("10.1" is 10.0.0.1): too surprising in an allow-list
                throw new IllegalArgumentException("IPv4 addresses need four parts");
            }
            address = InetAddress.ofLiteral(addressPart);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR '" + text + "': '" + addressPart
                    + "' is not an IPv4 or IPv6 address", e);
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixPart = trimmed.substring(slash + 1);
            if (prefixPart.isEmpty() || prefixPart.length() > 3 || !prefixPart.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("invalid CIDR '" + text + "': prefix length '" + prefixPart
                        + "' is not a number in 0.." + bits);
            }
            prefix = Integer.parseInt(prefixPart);
        }
        try {
            return new Cidr(address, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * Tests an address against this block.
     *
     * @param address a client's address
     * @return whether {@code address} lies in this block (always false across IPv4 and IPv6)
     */
    public boolean contains(InetAddress address) {
        if ((address instanceof Inet4Address) != (network instanceof Inet4Address)) {
            return false;
        }
        return Arrays.equals(mask(address.getAddress(), prefixLength), network.getAddress());
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private static String toHostAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.length + " bytes is always valid", e);
        }
    }
}
