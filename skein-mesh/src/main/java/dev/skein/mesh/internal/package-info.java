/**
 * The mesh's internals: these classes may change in any release without notice. Use
 * {@code dev.skein.mesh} and {@code dev.skein.mesh.spi} outside Skein itself.
 */
package dev.skein.mesh.internal;
