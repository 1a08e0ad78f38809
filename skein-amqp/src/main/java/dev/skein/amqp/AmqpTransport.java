package dev.skein.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.AMQP;
import dev.skein.mesh.spi.ServiceQueues;
import dev.skein.mesh.broker.BrokerTransport;
import dev.skein.mesh.spi.TransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mesh over RabbitMQ. The namespace is a topic exchange {@code skein.<namespace>} (not
 * durable, declared by whichever node comes first); each node has its own exclusive, auto-deleted
 * queue bound with the routing keys {@code all} (hello, heartbeat, leave, events) and
 * {@code node.<id>} (requests and answers for it). Deliveries are acknowledged automatically: at
 * most once, in order per publisher. The client's automatic recovery reconnects, declares the
 * queue and its bindings again, and the mesh then re-announces.
 *
 * <p>It also offers {@link ServiceQueues}: a request for a service with no instance right now is
 * published to the queue {@code skein.<namespace>.svc.<path>} with the call's remaining time as its
 * expiration, and waits there until an instance consumes it; every node consumes the queues of
 * the services it publishes (competing consumers). These queues are not durable, and the broker
 * deletes one that nobody has used for {@value #QUEUE_EXPIRES_MS} ms. Queued requests are
 * published and consumed on channels of their own, so a failure there never closes the mesh's
 * main channel. Queuing a request waits for one broker round trip (the queue's declaration).
 *
 * <p>Built from a URI ({@code amqp://user:pass@host:port/vhost}, {@code amqps://} for TLS) it owns
 * its connection; built around a user's {@link ConnectionFactory} it uses that factory's settings.
 */
public final class AmqpTransport extends BrokerTransport implements ServiceQueues {

    /** A service queue that has had no consumer and no use for this long is deleted by the broker. */
    public static final int QUEUE_EXPIRES_MS = 10 * 60 * 1000;
    private static final Map<String, Object> QUEUE_ARGUMENTS = Map.of("x-expires", QUEUE_EXPIRES_MS);
    /** Queued requests a node holds unserved at most. */
    static final int PREFETCH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTransport.class);

    private final ConnectionFactory factory;
    private final String address;
    private final ReentrantLock publishing = new ReentrantLock();
    /** The routing key of broadcasts: "all" on the mesh's topic exchange, none on a named fanout one. */
    private volatile String broadcastKey = "all";
    private volatile Connection connection;
    private volatile Channel channel;
    /** Declares service queues and publishes requests to them. */
    private volatile Channel requests;
    private final ReentrantLock requesting = new ReentrantLock();
    /** Consumes the queues of the services this node serves. */
    private volatile Channel serving;
    private final Map<String, String> consumers = new ConcurrentHashMap<>();
    private volatile String exchange;

    private AmqpTransport(ConnectionFactory factory, String address) {
        super("RabbitMQ");
        this.factory = factory;
        this.address = address;
    }

    /**
     * A transport that connects to {@code uri}: {@code amqp://user:pass@host:port/vhost}, or
     * {@code amqps://} for TLS, which verifies the broker's certificate and host name against the
     * JVM's trust store. (amqp-client's own {@code setUri("amqps://...")} trusts every certificate.)
     */
    public static AmqpTransport create(String uri) {
        ConnectionFactory factory = new ConnectionFactory();
        boolean tls = uri.regionMatches(true, 0, "amqps:", 0, 6);
        try {
            factory.setUri(tls ? "amqp:" + uri.substring(6) : uri);
            if (tls) {
                if (java.net.URI.create(uri).getPort() < 0) factory.setPort(ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT);
                factory.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("Bad AMQP URI '" + TransportFactory.withoutCredentials(uri) + "': "
                    + TransportFactory.withoutCredentials(e.getMessage()), e);
        }
        return new AmqpTransport(factory, (tls ? "amqps://" : "amqp://") + factory.getHost() + ":" + factory.getPort());
    }

    /** A transport whose connections come from the caller's factory (credentials, TLS, timeouts as set there). */
    public static AmqpTransport over(ConnectionFactory factory) {
        return new AmqpTransport(factory, (factory.isSSL() ? "amqps://" : "amqp://") + factory.getHost() + ":" + factory.getPort());
    }

    @Override
    public String scheme() {
        return "amqp";
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    protected void connect() throws Exception {
        boolean named = context.channel() != null; // a fanout exchange of that name, as feathers-sync declares it
        exchange = named ? context.channel() : "skein." + context.namespace();
        broadcastKey = named ? "" : "all";
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(500);
        if (factory.getConnectionTimeout() == 0 || factory.getConnectionTimeout() > 5000) factory.setConnectionTimeout(5000);
        connection = factory.newConnection("skein-" + context.nodeId());
        channel = connection.createChannel();
        channel.exchangeDeclare(exchange, named ? "fanout" : "topic", false, false, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, broadcastKey);
        if (!named) channel.queueBind(queue, exchange, "node." + context.nodeId());
        channel.basicConsume(queue, true, (tag, delivery) -> receive(delivery.getBody()), tag -> { });
        requests = connection.createChannel();
        serving = servingChannel(connection);
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                reconnected();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                lostBroker();
            }
        });
    }

    /** RabbitMQ refuses credentials with ACCESS_REFUSED, which the client reports as an authentication failure. */
    @Override
    protected boolean refusedForGood(Throwable e) {
        return anyCause(e, t -> t instanceof com.rabbitmq.client.AuthenticationFailureException
                || t instanceof com.rabbitmq.client.PossibleAuthenticationFailureException) || super.refusedForGood(e);
    }

    @Override
    public boolean send(String nodeId, byte[] frame) {
        return publish("node." + nodeId, frame);
    }

    @Override
    public void broadcast(byte[] frame) {
        publish(broadcastKey, frame);
    }

    /** A channel is not safe for concurrent publishing: one publisher at a time. */
    private boolean publish(String routingKey, byte[] frame) {
        Channel ch = channel;
        // While the client recovers, its channel is back before the exchange is declared again (a
        // restarted broker has lost it): a publish then would make the broker close the channel
        // for good (channel errors are not recovered). So nothing is published until recovery ends.
        if (ch == null || closed || reconnecting() || !ch.isOpen()) return false;
        if (tooLarge(frame, context.maxFrameSize())) return true;
        publishing.lock();
        try {
            ch.basicPublish(exchange, routingKey, null, frame);
            return true;
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            return false;
        } finally {
            publishing.unlock();
        }
    }

    // ---- service queues -----------------------------------------------------------------------

    private String serviceQueue(String path) {
        return exchange + ".svc." + path;
    }

    /**
     * Declares the queue (a broker round trip: a declare also renews the queue's lease, which a
     * publish does not) and publishes the request to it only when that worked. A channel the
     * broker closed over an error is opened again on the next request.
     */
    @Override
    public boolean enqueue(String path, byte[] frame, Duration ttl) {
        String queue = serviceQueue(path);
        if (closed || reconnecting() || queue.getBytes(StandardCharsets.UTF_8).length > 255) return false;
        requesting.lock();
        try {
            Channel ch = requests;
            Connection c = connection;
            if (c == null || !c.isOpen()) return false;
            if (ch == null || !ch.isOpen()) requests = ch = c.createChannel();
            ch.queueDeclare(queue, false, false, false, QUEUE_ARGUMENTS);
            ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().expiration(String.valueOf(Math.max(1, ttl.toMillis()))).build(),
                    frame);
            return true;
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            LOG.warn("Node {} could not queue a request for '{}': {}", context.nodeId(), path, e.getMessage());
            return false;
        } finally {
            requesting.unlock();
        }
    }

    /**
     * The channel that consumes service queues: at most {@value #PREFETCH} deliveries in the
     * client at a time (so a backlog is shared between instances), acknowledged on arrival (at
     * most once). If the broker closes it over an error it is opened again and takes the same queues.
     */
    private Channel servingChannel(Connection c) throws IOException {
        Channel ch = c.createChannel();
        ch.basicQos(PREFETCH);
        ch.addShutdownListener(cause -> {
            // only a channel error: the connection's own loss is automatic recovery's business
            if (closed || cause.isHardError() || cause.isInitiatedByApplication()) return;
            LOG.warn("Node {}: RabbitMQ closed the channel of queued requests ({}); opening it again", context.nodeId(), cause.getMessage());
            Thread reopen = new Thread(() -> {
                try {
                    serving = servingChannel(c);
                    java.util.List<String> paths = new java.util.ArrayList<>(consumers.keySet());
                    consumers.clear();
                    for (String path : paths) serve(path);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Node {} cannot reopen the channel of queued requests: {}", context.nodeId(), e.getMessage());
                }
            }, "skein-amqp-reopen-" + context.nodeId());
            reopen.setDaemon(true);
            reopen.start();
        });
        return ch;
    }

    @Override
    public void serve(String path) {
        Channel ch = serving;
        String queue = serviceQueue(path);
        if (ch == null || closed || consumers.containsKey(path) || queue.getBytes(StandardCharsets.UTF_8).length > 255) return;
        try {
            ch.queueDeclare(queue, false, false, false, QUEUE_ARGUMENTS);
            consumers.put(path, ch.basicConsume(queue, false, (tag, delivery) -> {
                ch.basicAck(delivery.getEnvelope().getDeliveryTag(), false); // before serving: at most once
                receive(delivery.getBody());
            }, tag -> { }));
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            LOG.warn("Node {} cannot take the queued requests of '{}': {}", context.nodeId(), path, e.getMessage());
        }
    }

    @Override
    public void unserve(String path) {
        Channel ch = serving;
        String tag = consumers.remove(path);
        if (ch == null || tag == null || !ch.isOpen()) return;
        try {
            ch.basicCancel(tag);
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            LOG.debug("Node {} could not stop taking the queued requests of '{}'", context.nodeId(), path, e);
        }
    }

    @Override
    protected void release() {
        Connection c = connection;
        connection = null;
        channel = null;
        requests = null;
        serving = null;
        consumers.clear();
        if (c == null) return;
        try {
            c.close(2000);
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            LOG.debug("Closing the RabbitMQ connection failed", e);
        }
    }

}
