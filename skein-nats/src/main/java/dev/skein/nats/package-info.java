/**
 * The mesh over a NATS server: {@code Mesh.builder().transport("nats://127.0.0.1:4222")}
 * ({@code nats+tls://} for TLS), found through {@link dev.skein.nats.NatsTransportFactory}, or a
 * {@link dev.skein.nats.NatsTransport} around a jnats connection the application already has. Also
 * the broker of sync-only mode ({@code Sync.with("nats://...")}). NATS core pub/sub: at most
 * once, in order per publisher, nothing durable.
 */
package dev.skein.nats;
