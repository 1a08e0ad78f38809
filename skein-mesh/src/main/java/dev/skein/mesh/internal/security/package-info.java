/**
 * Mesh credentials at work: key derivation, the packet seal (authenticated encryption with replay
 * protection) and the proofs of the tcp handshake and beacons. Internal: may change in any release.
 * The construction is described in {@code docs/SECURITY.md}.
 */
package dev.skein.mesh.internal.security;
