package dev.skein.core;

/**
 * Registers a service at a path nothing is registered at yet, when {@link App#service(String)} asks
 * for it: the mesh registers the proxy of a remote path it has not discovered yet, so that a handle
 * taken at start works once an instance appears.
 */
@FunctionalInterface
public interface ServiceResolver {

    /** Registers a service at {@code path} in {@code app} if this resolver serves that path; true when it did. */
    boolean resolve(App app, String path);
}
