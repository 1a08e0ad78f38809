package dev.skein.cli;

import java.nio.charset.StandardCharsets;

/**
 * A broker's password put into its transport URI ({@code nats://user@host:4222} and a password
 * become {@code nats://user:password@host:4222}), so that the password comes from a file or the
 * environment and never from the command line, which {@code ps} shows to every user.
 */
final class TransportPassword {

    /** The environment variable of the broker password, for the user the transport URI names. */
    static final String VARIABLE = "SKEIN_TRANSPORT_PASSWORD";

    private TransportPassword() {
    }

    /**
     * {@code uri} with {@code password} as the password of its user ({@code redis://host} gets
     * {@code redis://:password@host}); {@code uri} itself when {@code password} is null.
     *
     * @param from where the password came from, for the message
     * @throws IllegalArgumentException when the URI has no authority or holds a password already
     */
    static String into(String uri, String password, String from) {
        if (password == null) return uri;
        int scheme = uri.indexOf("://");
        if (scheme < 0) throw new IllegalArgumentException(from + " gives a broker password, but the transport URI has no host to give it to");
        int start = scheme + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) end++;
        String authority = uri.substring(start, end);
        int at = authority.lastIndexOf('@');
        String user = at < 0 ? "" : authority.substring(0, at);
        if (user.contains(":")) {
            throw new IllegalArgumentException("the broker password is given two ways, in the transport URI and " + from
                    + "; leave it out of the URI (which ps shows), naming the user only: nats://user@host:4222");
        }
        return uri.substring(0, start) + user + ":" + encode(password) + "@" + authority.substring(at + 1) + uri.substring(end);
    }

    /** The password, percent-encoded where a URI's user information cannot hold it as it is. */
    private static String encode(String password) {
        StringBuilder b = new StringBuilder();
        for (byte c : password.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u > 0x20 && u < 0x7f && "@:/?#[]%\"<>\\^`{|}".indexOf(u) < 0) b.append((char) u);
            else b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16))).append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
        }
        return b.toString();
    }
}
