package dev.skein.redis;

import dev.skein.mesh.broker.BrokerTransport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The mesh over Redis pub/sub. Every node subscribes to two channels: {@code skein:<namespace>:all}
 * (hello, heartbeat, leave, events) and {@code skein:<namespace>:node:<id>} (requests and answers
 * for this node); it publishes on one connection, so its frames keep their order. Pub/sub keeps
 * nothing: a frame published while a node is disconnected is lost to it, and heartbeats decide
 * who is gone. Lettuce reconnects by itself and subscribes again; the mesh then re-announces.
 *
 * <p>Built from a URI ({@code redis://[:password@]host:port[/db]}, {@code rediss://} for TLS) it
 * owns its client; built around a user's {@link RedisClient} it does not shut the client down.
 */
public final class RedisTransport extends BrokerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);

    private final RedisURI uri;
    private final RedisClient given;
    private volatile RedisClient client;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private volatile StatefulRedisConnection<byte[], byte[]> publisher;
    private volatile byte[] all;
    private volatile String prefix;

    private RedisTransport(RedisURI uri, RedisClient given) {
        super("Redis");
        this.uri = uri;
        this.given = given;
    }

    /**
     * A transport that owns its client and connects to {@code uri} ({@code redis://[:password@]host:port[/db]},
     * {@code rediss://} for TLS) when the mesh starts it.
     *
     * @throws IllegalArgumentException when {@code uri} is not a Redis URI
     */
    public static RedisTransport create(String uri) {

        return new RedisTransport(RedisURI.create(uri), null);
    }

    /** A transport over a client the caller owns (and shuts down); it connects to {@code uri} with it. */
    public static RedisTransport over(RedisClient client, String uri) {
        return new RedisTransport(RedisURI.create(uri), client);
    }

    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public String address() {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    @Override
    protected void connect() {
        all = (context.channel() != null ? context.channel() : "skein:" + context.namespace() + ":all").getBytes(StandardCharsets.UTF_8);
        prefix = "skein:" + context.namespace() + ":node:";
        uri.setTimeout(Duration.ofSeconds(5));
        // reconnect within 2 s of the broker's return, not Lettuce's default of up to 30 s
        client = given != null ? given : RedisClient.create(io.lettuce.core.resource.DefaultClientResources.builder()
                .reconnectDelay(io.lettuce.core.resource.Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build(), uri);
        // A frame published while disconnected must fail, not wait in Lettuce's buffer: a
        // request its caller gave up on would otherwise run after the reconnect.
        if (given == null) {
            client.setOptions(io.lettuce.core.ClientOptions.builder()
                    .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        }
        subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                receive(message);
            }
        });
        subscriber.sync().subscribe(all, (prefix + context.nodeId()).getBytes(StandardCharsets.UTF_8));
        publisher = client.connect(ByteArrayCodec.INSTANCE, uri);
        // both connections report here; the first to go marks the outage, the first back ends it
        client.getResources().eventBus().get().subscribe(event -> {
            if (event instanceof ConnectionDeactivatedEvent) lostBroker();
            else if (event instanceof ConnectionActivatedEvent) reconnected();
        });
    }

    /** Redis refuses a user or password with WRONGPASS (or NOAUTH when none was given). */
    @Override
    protected boolean refusedForGood(Throwable e) {
        return anyCauseSays(e, "WRONGPASS", "NOAUTH") || super.refusedForGood(e);
    }

    @Override
    public boolean send(String nodeId, byte[] frame) {
        return publish((prefix + nodeId).getBytes(StandardCharsets.UTF_8), frame);
    }

    @Override
    public void broadcast(byte[] frame) {
        publish(all, frame);
    }

    private boolean publish(byte[] channel, byte[] frame) {
        StatefulRedisConnection<byte[], byte[]> p = publisher;
        if (p == null || closed || !p.isOpen()) return false;
        if (tooLarge(frame, context.maxFrameSize())) return true;
        p.async().publish(channel, frame);
        return true;
    }

    @Override
    protected void release() {
        try {
            if (subscriber != null) subscriber.close();
            if (publisher != null) publisher.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the Redis connections of node {} failed", context == null ? "?" : context.nodeId(), e);
        }
        subscriber = null;
        publisher = null;
        RedisClient owned = given == null ? client : null;
        client = null;
        if (owned != null) {
            owned.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            owned.getResources().shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
