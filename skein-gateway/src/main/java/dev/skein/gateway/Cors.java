package dev.skein.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which other origins (web apps served from elsewhere) may call the gateway from a browser:
 * cross-origin resource sharing. Without it ({@link Gateway.Builder#cors} not called) the gateway
 * answers no preflight and sends no {@code Access-Control-*} header, so browsers allow only pages
 * of its own origin.
 *
 * <pre>{@code
 * Gateway.builder().cors(Cors.allow("https://app.example.com"))
 * }</pre>
 *
 * @param origins     the allowed origins, exactly as browsers send them ({@code https://app.example.com}),
 *                    or {@code "*"} alone for any origin
 * @param methods     the HTTP methods a cross-origin request may use
 * @param headers     the request headers it may send
 * @param credentials whether it may send cookies or HTTP authentication (never with {@code "*"})
 * @param maxAge      how long a browser may cache a preflight's answer
 */
public record Cors(List<String> origins, List<String> methods, List<String> headers, boolean credentials, Duration maxAge) {

    /** The methods of the gateway's REST routes. */
    public static final List<String> DEFAULT_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** What the Feathers REST client and a token-carrying app send. */
    public static final List<String> DEFAULT_HEADERS = List.of("Content-Type", "Authorization", "Accept", "X-Service-Method");
    /** How long browsers may cache a preflight's answer when none is given: 10 minutes. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    /**
     * Copies the lists and checks them.
     *
     * @throws IllegalArgumentException for no origin, {@code "*"} among others, an origin with a path, credentials with
     *                                  {@code "*"}, or a negative max age
     */
    public Cors {
        origins = List.copyOf(origins);
        methods = List.copyOf(methods);
        headers = List.copyOf(headers);
        Objects.requireNonNull(maxAge, "maxAge");
        if (origins.isEmpty()) throw new IllegalArgumentException("CORS needs at least one origin (or \"*\")");
        if (origins.contains("*") && origins.size() > 1) throw new IllegalArgumentException("\"*\" stands for every origin: list it alone");
        for (String o : origins) {
            if (!o.equals("*") && !o.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("An origin is a scheme and a host, with a port if any and no path: "
                        + "https://app.example.com or http://localhost:8080, not '" + o + "'");
            }
        }
        if (credentials && origins.contains("*")) {
            throw new IllegalArgumentException("Credentials cannot go to every origin (\"*\"): list the origins");
        }
        if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge must not be negative");
    }

    /** {@code origins} (or {@code "*"}) with the default methods and headers, no credentials, 10 minutes of preflight cache. */
    public static Cors allow(String... origins) {
        return new Cors(List.of(origins), DEFAULT_METHODS, DEFAULT_HEADERS, false, DEFAULT_MAX_AGE);
    }

    /** The same rules with these HTTP methods allowed instead. */
    public Cors withMethods(String... methods) {
        return new Cors(origins, List.of(methods), headers, credentials, maxAge);
    }

    /** The same rules with these request headers allowed instead. */
    public Cors withHeaders(String... headers) {
        return new Cors(origins, methods, List.of(headers), credentials, maxAge);
    }

    /** The same rules with credentials (cookies, HTTP authentication) allowed or not; not with {@code "*"}. */
    public Cors withCredentials(boolean credentials) {
        return new Cors(origins, methods, headers, credentials, maxAge);
    }

    /** The same rules with this preflight cache time; not negative. */
    public Cors withMaxAge(Duration maxAge) {

        return new Cors(origins, methods, headers, credentials, maxAge);
    }
}
