package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.ServicePath;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.Unavailable;
import dev.skein.gateway.Brokered;
import dev.skein.gateway.GatewayOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Which service a path from outside leads to, and what may be called there: the exposure rule
 * ({@code expose}, mounts, brokered paths) applied to canonical paths only. A REST URL, a WebSocket
 * message's path and a Socket.IO call's path are put through {@link ServicePath} first; one that
 * is not canonical ({@code /payments/}, {@code %20payments}, {@code payments%2F}) is refused with a
 * {@link BadRequest}, never repaired, so no rule or lookup sees a second spelling of a service.
 */
final class Exposure {

    /** A service found for a public path, with the id a REST URL gave after it, if any. */
    record Route(String publicPath, ServiceHandle service, String id) {
    }

    /**
     * A REST URL's service path: a route, or none; {@code whyNot} says why the URL's path is no
     * canonical service path; {@code exposable}, with no route, whether the exposure rule admits a
     * path the URL names, so that a service appearing there would be served.
     */
    record UrlTarget(Route route, String whyNot, boolean exposable) {
    }

    private final App app;
    private final GatewayOptions options;

    Exposure(App app, GatewayOptions options) {
        this.app = app;
        this.options = options;
    }

    /**
     * The service of a REST URL's raw (still percent-encoded) path, split into segments that are
     * decoded one by one: all of them as the service's path, or, when no service is there, all but
     * the last as the path and the last as the id. Service segments must be canonical as sent
     * (never percent-encoded); the id may hold anything, encoded.
     *
     * @throws BadRequest for a malformed percent-encoding
     */
    UrlTarget url(String rawPath) {
        if (rawPath.isEmpty() || rawPath.equals("/")) return new UrlTarget(null, null, false);
        String[] raw = (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1);
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) decoded[i] = decode(raw[i]);
        int n = raw.length;
        for (int i = 0; i < n - 1; i++) {
            String why = segmentWhyNot(raw[i], decoded[i]);
            if (why != null) return new UrlTarget(null, why, false);
        }
        String parent = String.join("/", java.util.Arrays.copyOf(raw, n - 1));
        boolean exposable = false;
        if (segmentWhyNot(raw[n - 1], decoded[n - 1]) == null) {
            String whole = n == 1 ? raw[0] : parent + "/" + raw[n - 1];
            if (whole.length() > ServicePath.MAX_LENGTH) return new UrlTarget(null, ServicePath.whyNotCanonical(whole), false);
            ServiceHandle exact = service(whole);
            if (exact != null) return new UrlTarget(new Route(whole, exact, null), null, true);
            exposable = admits(whole);
        }
        if (n == 1) return new UrlTarget(null, segmentWhyNot(raw[0], decoded[0]), exposable);
        if (decoded[n - 1].isEmpty()) return new UrlTarget(null, "it ends with '/'", false);
        ServiceHandle service = service(parent);
        return new UrlTarget(service == null ? null : new Route(parent, service, decoded[n - 1]), null, exposable || admits(parent));
    }

    /** The service at a path a WebSocket or Socket.IO message names; no id. @throws BadRequest when the path is not canonical */
    Route exact(Object wirePath) {
        if (!(wirePath instanceof String s)) throw new BadRequest("A call needs the service's path, a string");
        String path = ServicePath.of(s).value();
        ServiceHandle service = service(path);
        if (service == null) throw new NotFound("No service at '" + path + "'");
        return new Route(path, service, null);
    }

    /** Whether the exposure rule admits a canonical public path: a service appearing there would be served. */
    boolean admits(String publicPath) {
        return options.mounts().containsKey(publicPath) || options.expose().test(publicPath);
    }

    /** Whether {@link #exact} finds a service at this path now. */
    boolean knows(Object wirePath) {
        try {
            return exact(wirePath) != null;
        } catch (NotFound missing) {
            return false;
        }
    }

    /** The service exposed at a canonical public path, or null. */
    private ServiceHandle service(String publicPath) {
        String mounted = options.mounts().get(publicPath);
        if (mounted != null) {
            // with a mesh, a mounted remote path resolves to its proxy even before an instance is known: calls wait for one
            try {
                return app.service(mounted);
            } catch (NotFound e) {
                throw new Unavailable("Service '" + publicPath + "' is not available yet");
            }
        }
        if (!options.expose().test(publicPath)) return null;
        return app.lookup(publicPath).orElse(null);
    }

    /**
     * Applies a brokered path's rule to a call: a method it does not list is refused, and its version range goes with the call.
     *
     * @throws MethodNotAllowed for a method the brokered path does not let through
     */
    void admit(Route route, String method, Params params) {
        Brokered rule = options.brokered().get(route.publicPath());
        if (rule == null) return;
        if (!rule.methods().contains(method)) {
            throw new MethodNotAllowed("Method '" + method + "' is not brokered at '" + route.publicPath() + "'; it lets through " + rule.methodList());
        }
        if (rule.versionRange() != null) params.set(dev.skein.mesh.Mesh.VERSION, rule.versionRange());
    }

    /** The public path under which a service path's events go out, or null when it is not exposed. */
    String publicPath(String servicePath) {
        for (Map.Entry<String, String> m : options.mounts().entrySet()) if (m.getValue().equals(servicePath)) return m.getKey();
        return options.expose().test(servicePath) ? servicePath : null;
    }

    /** Why a URL segment cannot be part of a service path, or null. */
    private static String segmentWhyNot(String raw, String decoded) {
        if (raw.isEmpty()) return "it has an empty segment ('//') or a '/' at an end";
        if (!raw.equals(decoded)) return "it is percent-encoded ('" + clip(raw) + "'); a service path is sent as written";
        String why = ServicePath.whyNotCanonical(decoded);
        return why != null ? why : null;
    }

    /** Percent-decoding of one path segment, as UTF-8; {@code +} stays itself. @throws BadRequest when malformed */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) return segment;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
            if (lo < 0) throw new BadRequest("The URL has a malformed percent-encoding at '" + clip(segment.substring(i)) + "'");
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("The URL's path is not UTF-8 once decoded");
        }
    }

    /** The message of a URL refused for its path. */
    static String refusal(String rawPath, String why) {
        return "The service path " + ServicePath.quoted(clip(rawPath)) + " is not canonical: " + why
                + "; send it as the service is named, such as /todos or /todos/7";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
