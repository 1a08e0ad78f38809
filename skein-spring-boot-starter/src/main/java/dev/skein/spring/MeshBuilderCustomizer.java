package dev.skein.spring;

import dev.skein.mesh.Mesh;

/**
 * Changes the {@link Mesh.Builder} the starter makes from the {@code skein.mesh.*} properties,
 * before the mesh is built: what does not fit in a properties file (an {@link dev.skein.mesh.Access}
 * rule, a transport instance, proxy hooks, a publish predicate). Customizers run in
 * {@link org.springframework.core.Ordered} order, after the properties are applied; a predicate set
 * here replaces the one the properties gave.
 */
@FunctionalInterface
public interface MeshBuilderCustomizer {

    /** Changes {@code builder}; called once per built mesh, on the thread that creates the bean. */
    void customize(Mesh.Builder builder);
}
