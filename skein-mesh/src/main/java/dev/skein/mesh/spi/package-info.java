/**
 * What an implementer writes against: a {@link dev.skein.mesh.spi.Transport} that moves frames
 * between nodes, and a {@link dev.skein.mesh.spi.Codec} that turns packets into frames; with what
 * they share with the mesh: the names of call params and headers ({@link dev.skein.mesh.spi.CallKeys}),
 * the transport for a URI ({@link dev.skein.mesh.spi.Transports}) and a limit on repeated log lines
 * ({@link dev.skein.mesh.spi.LogLimiter}). This package reads nothing else of the mesh.
 */
package dev.skein.mesh.spi;
