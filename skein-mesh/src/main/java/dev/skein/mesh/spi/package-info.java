/**
 * What an implementer writes against: a {@link dev.skein.mesh.spi.Transport} that moves frames
 * between nodes, and a {@link dev.skein.mesh.spi.Codec} that turns packets into frames.
 */
package dev.skein.mesh.spi;
