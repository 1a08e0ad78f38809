/**
 * How the starter works inside: the service beans' registry, the resolver of {@code @SkeinReference}
 * injection points, the factories that turn {@code skein.*} properties into builders. These classes
 * may change in any release; use the annotations, the properties and the beans of
 * {@link dev.skein.spring} instead.
 */
package dev.skein.spring.internal;
