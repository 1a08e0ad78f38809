package dev.skein.gateway;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An internal service the gateway brokers to outside clients, as happner's {@code $broker}: under
 * a public path, only the listed methods, and only instances whose version satisfies the range
 * ({@link Gateway.Builder#broker}). Any other method answers 405 {@code MethodNotAllowed}; events
 * pass through the gateway's publisher as for any exposed service.
 *
 * @param servicePath  the internal service's path
 * @param versionRange a semver range its instances must satisfy ({@code "^2"}), or null for any
 * @param methods      the methods outside clients may call
 */
public record Brokered(String servicePath, String versionRange, Set<String> methods) {

    /**
     * Copies {@code methods}.
     *
     * @throws IllegalArgumentException when no method is listed
     */
    public Brokered {

        Objects.requireNonNull(servicePath, "servicePath");
        methods = Set.copyOf(methods);
        if (methods.isEmpty()) throw new IllegalArgumentException("A brokered service needs at least one method to let through");
    }

    /** The methods, sorted, for messages. */
    public List<String> methodList() {
        return methods.stream().sorted().toList();
    }
}
