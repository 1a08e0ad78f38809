/**
 * The mesh over Redis pub/sub: {@code Mesh.builder().transport("redis://127.0.0.1:6379")}, found
 * through {@link dev.skein.redis.RedisTransportFactory}, or a
 * {@link dev.skein.redis.RedisTransport} around a Lettuce client the application already has. Also
 * the broker of sync-only mode ({@code Sync.with("redis://...")}, feathers-sync's Redis adapter).
 * Pub/sub keeps nothing, so a node disconnected from Redis misses what was published meanwhile.
 */
package dev.skein.redis;
