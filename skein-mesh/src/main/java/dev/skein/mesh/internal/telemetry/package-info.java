/**
 * How a node measures and traces itself: {@link dev.skein.mesh.internal.telemetry.MeshMetrics}
 * (Micrometer meters, or nothing without a registry) and
 * {@link dev.skein.mesh.internal.telemetry.MeshTracing} (OpenTelemetry spans for calls sent and
 * served, the context carried in packet headers). Internal: these classes may change in any release
 * without notice; configure them through {@code Mesh.Builder.metrics} and {@code Mesh.Builder.tracing}.
 */
package dev.skein.mesh.internal.telemetry;
