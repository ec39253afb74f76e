package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class CidrTest {

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void ipv4BlockContainsItsAddressesOnly() {
        Cidr block = Cidr.parse("10.1.0.0/16");
        assertTrue(block.contains(ip("10.1.0.0")));
        assertTrue(block.contains(ip("10.1.255.255")));
        assertFalse(block.contains(ip("10.2.0.0")));
        assertFalse(block.contains(ip("::ffff:0a02:0001")), "10.2.0.1 as IPv4-mapped IPv6");
        assertTrue(block.contains(ip("::ffff:10.1.2.3")), "an IPv4-mapped address is the IPv4 address");
        assertEquals("10.1.0.0/16", block.toString());
    }

    @Test
    void prefixNotOnAByteBoundary() {
        Cidr block = Cidr.parse("192.168.4.0/22");
        assertTrue(block.contains(ip("192.168.7.255")));
        assertFalse(block.contains(ip("192.168.8.0")));
        assertFalse(block.contains(ip("192.168.3.255")));
    }

    @Test
    void ipv6Block() {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertTrue(block.contains(ip("2001:db8:ffff::1")));
        assertFalse(block.contains(ip("2001:db9::1")));
        assertFalse(block.contains(ip("32.1.13.184")), "an IPv4 address with the same leading bytes");
    }

    @Test
    void singleAddressAndEverything() {
        assertEquals(new Cidr(ip("::1"), 128), Cidr.parse("::1"));
        assertEquals(32, Cidr.parse(" 127.0.0.1 ").prefixLength());
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
        assertTrue(Cidr.parse("::/0").contains(ip("fe80::1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0/8",
            "::/129", "10.0.0.1/8", "2001:db8::1/32", "localhost", "example.org/8", "10.0.0.0/x", "10.0.0.0/0008",
            "1.2.3.4 /32", "256.0.0.0/8"})
    void invalidTextIsRejectedNamingTheValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void hostBitsMessageSuggestsTheBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/8"));
        assertTrue(e.getMessage().contains("10.0.0.0/8"), e.getMessage());
    }

    @Test
    void limitsAllowEveryoneByDefaultAndUnixPeersAlways() throws Exception {
        var client = new InetSocketAddress(ip("198.51.100.7"), 4000);
        assertTrue(Limits.defaults().allows(client));
        Limits lan = Limits.builder().allow(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"))).build();
        assertFalse(lan.allows(client));
        assertTrue(lan.allows(new InetSocketAddress(ip("10.9.8.7"), 1)));
        assertTrue(lan.allows(new InetSocketAddress(ip("::1"), 1)));
        assertTrue(lan.allows(UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertTrue(lan.allows(AFUNIXSocketAddress.of(Path.of("/tmp/x.sock"))), "junixsocket's Unix address is no IP");
        assertFalse(lan.allows(InetSocketAddress.createUnresolved("10.0.0.1", 1)));
    }

    @Test
    void limitsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxConnections(0).build());
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().idleTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().idleTimeout(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxCommandLength(0).build());
        assertEquals(Limits.defaults(), ServerOptions.defaults().limits());
        Limits two = Limits.builder().maxConnections(2).build();
        assertEquals(two, ServerOptions.builder().limits(two).build().toBuilder().build().limits());
    }
}
