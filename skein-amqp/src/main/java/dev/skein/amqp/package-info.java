/**
 * The mesh over RabbitMQ: {@code Mesh.builder().transport("amqp://guest:guest@127.0.0.1:5672")}
 * ({@code amqps://} for TLS), found through {@link dev.skein.amqp.AmqpTransportFactory}, or an
 * {@link dev.skein.amqp.AmqpTransport} around a {@code ConnectionFactory} the application already
 * has. Besides pub/sub over a topic exchange, it queues a request for a service that has no
 * instance yet until one consumes it ({@link dev.skein.mesh.spi.ServiceQueues}). Also the broker
 * of sync-only mode ({@code Sync.with("amqp://...")}).
 */
package dev.skein.amqp;
