/**
 * Spring Boot Actuator support: the {@code skein} health indicator from the mesh's readiness.
 * Used only when Actuator is on the class path.
 */
package dev.skein.spring.actuate;
