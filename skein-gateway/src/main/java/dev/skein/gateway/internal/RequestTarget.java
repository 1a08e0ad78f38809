package dev.skein.gateway.internal;

import dev.skein.core.errors.BadRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * A request's URL, decoded once and checked: a percent escape that is not one ({@code %ZZ}), a
 * path that is not UTF-8 or that holds a control character ({@code %00}, {@code %0A}) is the
 * client's error, a 400 {@code BadRequest} saying so, never a server error.
 */
record RequestTarget(String path, String rawPath, Map<String, List<String>> parameters) {

    /** The decoded path, the path as sent (for the service path checks, which decode segment by segment) and the query parameters of {@code uri}. @throws BadRequest when they cannot be read */
    static RequestTarget of(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path;
        Map<String, List<String>> parameters;
        try {
            path = decoder.path();
            parameters = decoder.parameters();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Malformed URL: a '%' must start an escape of two hex digits (" + brief(e.getMessage()) + ")");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) throw new BadRequest("Malformed URL: the path holds the control character %" + String.format("%02X", (int) c));
            if (c == '\uFFFD') throw new BadRequest("Malformed URL: the path's escapes are not UTF-8");
        }
        return new RequestTarget(path, decoder.rawPath(), parameters);
    }

    private static String brief(String message) {
        String m = String.valueOf(message);
        return m.length() > 80 ? m.substring(0, 80) + "..." : m;
    }
}
