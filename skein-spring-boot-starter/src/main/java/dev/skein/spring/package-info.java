/**
 * Skein for Spring Boot 3.5: auto-configuration of an {@link dev.skein.core.App}, its
 * {@link dev.skein.mesh.Mesh} and optionally a {@link dev.skein.gateway.Gateway} from the
 * {@code skein.*} properties ({@link dev.skein.spring.SkeinProperties}); service beans with
 * {@link dev.skein.spring.SkeinService}; remote services injected with
 * {@link dev.skein.spring.SkeinReference}; the node started and stopped with the context
 * ({@link dev.skein.spring.SkeinLifecycle}). See {@code docs/SPRING.md}.
 */
package dev.skein.spring;
