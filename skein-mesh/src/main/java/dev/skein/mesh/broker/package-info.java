/**
 * The base of transports that ride on a broker a team already runs (NATS, Redis, RabbitMQ):
 * {@link dev.skein.mesh.broker.BrokerTransport} keeps the lifecycle rules of the
 * {@link dev.skein.mesh.spi.Transport} contract (non-blocking start, reconnect, idempotent close),
 * so that each broker module says only how it connects, publishes and lets go.
 */
package dev.skein.mesh.broker;
