/**
 * The embedded {@code tcp} transport: TCP (or TLS) between nodes, multicast beacons and seeds for
 * discovery. {@link dev.skein.mesh.tcp.TcpOptions} holds its settings.
 */
package dev.skein.mesh.tcp;
