package dev.skein.mesh;

import java.util.List;

/**
 * Whether a node is ready now, and if not, why: what a readiness probe reports
 * ({@code /health/ready}). Unlike {@link Mesh#ready()}, which completes once, this follows the
 * mesh: a dependency whose instances went away, or the node leaving, makes it not ready again.
 *
 * @param ready   true when nothing is missing
 * @param missing what keeps the node from being ready, one sentence each, e.g.
 *                {@code 'billing' needs 2 instance(s), 1 up}; empty when ready
 */
public record Readiness(boolean ready, List<String> missing) {

    /**
     * Copies {@code missing}.
     *
     * @throws IllegalArgumentException unless {@code ready} is true exactly when nothing is missing
     */
    public Readiness {
        missing = List.copyOf(missing);
        if (ready != missing.isEmpty()) throw new IllegalArgumentException("ready must be true exactly when nothing is missing");
    }

    /** Ready when {@code missing} is empty, else not ready for those reasons. */
    public static Readiness of(List<String> missing) {

        return new Readiness(missing.isEmpty(), missing);
    }
}
