package dev.skein.mesh.spi;

import java.time.Duration;

/**
 * What a transport over a broker with queues (RabbitMQ) can add: a request for a service that has
 * no instance right now waits in the broker, in a queue per service path, until an instance takes
 * it or its time runs out. The mesh uses it when the transport implements this interface.
 *
 * <ul>
 *   <li>The mesh calls {@link #serve} for every service this node publishes (at start and when one
 *       is added) and {@link #unserve} when one is removed; the transport then delivers the
 *       requests queued for that path to its listener, like any frame. Instances of one path
 *       compete for its queue: each request goes to one of them.</li>
 *   <li>{@link #enqueue} MAY wait for one broker round trip (to declare the queue) and no more;
 *       it returns true only when the broker holds the request. The broker MUST drop the request
 *       once {@code ttl} has passed without an instance taking it. Delivery is at most once.</li>
 * </ul>
 */
public interface ServiceQueues {

    /** The recipient a queued request is sealed for ({@link Codec#encode(Packet, String)}): this prefix and the service path. */
    String RECIPIENT_PREFIX = "queue:";

    /** Queues {@code frame} (a request) for any instance of {@code path}; false if it could not be handed to the broker. */
    boolean enqueue(String path, byte[] frame, Duration ttl);

    /** This node serves {@code path}: take the requests queued for it. Idempotent. */
    void serve(String path);

    /** This node no longer serves {@code path}. Idempotent. */
    void unserve(String path);
}
