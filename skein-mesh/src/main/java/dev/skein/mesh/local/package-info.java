/**
 * The embedded {@code local://} transport: nodes of one JVM, no sockets. For tests and for
 * splitting one process into apps that talk as they would across a network.
 */
package dev.skein.mesh.local;
