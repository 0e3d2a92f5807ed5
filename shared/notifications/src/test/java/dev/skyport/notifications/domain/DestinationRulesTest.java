package dev.skyport.notifications.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skyport.kernel.DomainException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationRulesTest {

    private static final DestinationRules AWS = new DestinationRules(false);
    private static final DestinationRules LOCAL = new DestinationRules(true);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "127.0.0.1", "127.1.2.3",
            "100.64.0.1", "100.127.255.254", "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255",
            "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
            "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "::", "::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1",
            "::169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:a9fe:a9fe::1", "2002:7f00:1::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "fd00:ec2::254", "fc00::1", "fdff::1",
            "fe80::1", "febf::1", "fec0::1", "ff02::1", "100::1"})
    void refuses_private_loopback_link_local_metadata_and_reserved_addresses(String literal) {
        assertFalse(AWS.allowed(address(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.15.255.255",
            "172.32.0.1", "169.253.1.1", "192.169.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void allows_public_unicast_addresses(String literal) {
        assertTrue(AWS.allowed(address(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void the_local_platform_allows_its_own_loopback_only(String literal) {
        assertTrue(LOCAL.allowed(address(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "169.254.169.254", "192.168.0.1", "fd00:ec2::254", "::ffff:169.254.169.254"})
    void the_local_platform_still_refuses_the_rest(String literal) {
        assertFalse(LOCAL.allowed(address(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "ftp://example.com/", "https://user:pw@example.com/",
            "https://example.com/#frag", "https:///nohost", "not a url", "", "https://169.254.169.254/latest",
            "https://[fd00:ec2::254]/", "https://10.1.2.3/", "https://[::ffff:127.0.0.1]/", "http://127.0.0.1:9/"})
    void in_aws_refuses_urls_that_are_not_https_to_a_public_place(String url) {
        DomainException refused = assertThrows(DomainException.class, () -> AWS.checkUrl(url, "url"));
        assertEquals("invalid-url", refused.slug());
        assertTrue(refused.getMessage().startsWith("url "), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/hook", "https://hooks.slack.com/services/T0/B0/x",
            "https://93.184.216.34:8443/a?b=c"})
    void accepts_https_urls(String url) {
        assertEquals(url, AWS.checkUrl(url, "url").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/local/receiver", "http://[::1]:9/"})
    void the_local_platform_accepts_http_to_its_loopback(String url) {
        assertEquals(url, LOCAL.checkUrl(url, "url").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "http://10.0.0.1/", "http://localhost:8080/"})
    void the_local_platform_still_wants_https_elsewhere(String url) {
        assertThrows(DomainException.class, () -> LOCAL.checkUrl(url, "url"));
    }
}
