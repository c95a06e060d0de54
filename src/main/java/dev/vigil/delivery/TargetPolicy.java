package dev.vigil.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which URLs Vigil may post to on a user's behalf: http and https only, and (unless allowPrivate)
 * no host that resolves into loopback, link-local, private, carrier-grade NAT or unique-local
 * ranges, so a webhook cannot be turned into a probe of the appliance's own network. Checked when a
 * target is registered and again before every post (the name may resolve differently later).
 */
public record TargetPolicy(boolean allowPrivate) {

    /** A refused URL, with why. */
    public static final class RefusedTargetException extends Exception {
        public RefusedTargetException(String message) {
            super(message, null, false, false);
        }
    }

    /** The URL as a URI, or why it is refused. */
    public URI check(String url) throws RefusedTargetException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new RefusedTargetException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedTargetException("only http and https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedTargetException("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedTargetException("the URL must not carry credentials");
        }
        if (!allowPrivate) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(uri.getHost());
            } catch (UnknownHostException e) {
                throw new RefusedTargetException("the host " + uri.getHost() + " does not resolve");
            }
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw new RefusedTargetException("the host " + uri.getHost() + " is in a loopback, link-local"
                            + " or private range (" + address.getHostAddress() + ")");
                }
            }
        }
        return uri;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;                                   // fc00::/7 unique local
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64              // 100.64.0.0/10 CGNAT
                || (bytes[0] & 0xff) == 0;                                      // 0.0.0.0/8
    }
}
