package dev.skein.mesh.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skein.core.App;
import dev.skein.core.Plugin;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.Transports;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Sync-only mode, as feathers-sync: every standard and declared custom event of every service of
 * this app is delivered to the same service on every other instance connected to the same broker
 * and key. Nothing else is distributed.
 *
 * <pre>{@code
 * app.configure(Sync.with("redis://127.0.0.1:6379"));
 * Sync.of(app).ready().join();
 * }</pre>
 *
 * <ul>
 *   <li>The adapter is chosen by the URI's scheme ({@code redis://}, {@code nats://}, {@code amqp://}:
 *       the module of that transport must be on the class path), or is any {@link Transport} given
 *       to {@link #builder(Transport)}: the way to write a custom adapter (its {@code broadcast} is
 *       feathers-sync's {@code sync-out}, its listener's {@code onFrame} is {@code sync-in}).</li>
 *   <li>The emitting instance's own listeners hear its events at once, not through the broker;
 *       its own messages coming back are ignored.</li>
 *   <li>A hook's {@code ctx.keepEventLocal()} keeps one call's event on its instance
 *       (feathers-sync's {@code context[SYNC] = false}).</li>
 *   <li>A message for a path this instance does not serve, or an event it does not declare, is
 *       dropped.</li>
 *   <li>It is the mesh in sync-only mode ({@link Mesh.Builder#eventsOnly}): one event path with the
 *       mesh's limits, its order per sender and its bound on events waiting for slow listeners.</li>
 * </ul>
 * As in feathers-sync, listeners run on every instance: they should update local state (a cache,
 * connected clients), not the database.
 */
public final class Sync implements Plugin, AutoCloseable {

    /** The key (subject / channel / exchange name part) when none is given. */
    public static final String DEFAULT_KEY = "skein-sync";
    /** Largest message accepted: 8 MiB. */
    public static final int MAX_MESSAGE = 8 * 1024 * 1024;

    /** JSON: dates become ISO-8601 strings, byte arrays Base64 strings. */
    public static final SyncSerializer JSON = new JacksonSerializer(new ObjectMapper());
    /** CBOR (binary): byte arrays stay byte arrays. */
    public static final SyncSerializer CBOR = new JacksonSerializer(new ObjectMapper(new CBORFactory()));
    /** feathers-sync's own format, {@code {event, path, data, context}} in JSON ({@link Builder#feathersSync()}). */
    public static final SyncSerializer FEATHERS_SYNC = new FeathersSyncSerializer();
    /** feathers-sync's default key: its Redis channel, NATS subject and RabbitMQ exchange. */
    public static final String FEATHERS_SYNC_KEY = "feathers-sync";

    private final String uri;
    private final Transport transport;
    private final String key;
    private final SyncSerializer serializer;
    private final Duration waitForBroker;
    /** The broker's channel exactly (feathers-sync's naming), or null for the transport's own. */
    private final String channel;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Mesh mesh;

    private Sync(Builder b) {
        this.uri = b.uri;
        this.transport = b.transport != null ? b.transport : Transports.forUri(b.uri);
        this.key = b.key;
        this.serializer = b.serializer;
        this.waitForBroker = b.waitForBroker;
        this.channel = b.feathersSync ? b.key : null;
    }

    /** Sync over the broker at {@code uri}, with the default key and JSON. */
    public static Sync with(String uri) {
        return builder(uri).build();
    }

    /** A builder for sync over the broker at {@code uri} ({@code redis://}, {@code nats://}, {@code amqp://}). */
    public static Builder builder(String uri) {
        return new Builder(Objects.requireNonNull(uri, "uri"), null);
    }

    /** Sync over a transport the caller built: a custom adapter. */
    public static Builder builder(Transport transport) {
        return new Builder(null, Objects.requireNonNull(transport, "transport"));
    }

    /** The sync configured on {@code app} ({@code app.sync} of feathers-sync). */
    public static Sync of(App app) {
        return app.plugin(Sync.class).orElseThrow(() -> new IllegalStateException("No Sync is configured on app " + app.name()));
    }

    /** The adapter's type: the transport scheme ({@code redis}, {@code nats}, {@code amqp}...). */
    public String type() {
        return transport.scheme();
    }

    /**
     * Completes when the subscription is live; fails with Unavailable naming the broker when it
     * cannot connect (at once, or after {@link Builder#waitForBroker} if set).
     */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Joins the broker as a mesh node in sync-only mode ({@link Mesh.Builder#eventsOnly}): the key is
     * its namespace, every path is synced, nothing is published for calls or consumed, and the
     * serializer is its codec. So events take the mesh's one event path, with its limits (the frame
     * size, {@code maxQueuedEvents} per sender, its order per sender) and its tests.
     */
    @Override
    public void configure(App app) {
        if (mesh != null) throw new IllegalStateException("This Sync is already configured on an app");
        Mesh.Builder builder = Mesh.builder().namespace(key).transport(transport).maxFrameSize(MAX_MESSAGE)
                .consume(path -> false).sync(path -> true).eventsOnly(new SyncCodec(serializer), channel);
        if (!waitForBroker.isZero()) builder.waitForTransport(true).discoveryTimeout(waitForBroker);
        mesh = builder.build();
        mesh.configure(app); // not an app plugin: the app's own Mesh, if any, stays app.plugin(Mesh.class)
        mesh.ready().whenComplete((v, failure) -> {
            if (failure == null) {
                ready.complete(null);
            } else {
                Throwable cause = dev.skein.core.errors.SkeinError.unwrap(failure);
                ready.completeExceptionally(new Unavailable("Sync could not reach " + (uri != null ? dev.skein.mesh.spi.TransportFactory.withoutCredentials(uri)
                        : transport.address()) + ": " + cause.getMessage(), null, null, cause));
            }
        });
    }

    @Override
    public void close() {
        ready.completeExceptionally(new Unavailable("Sync was closed")); // if still waiting for its broker
        Mesh m = mesh;
        if (m != null) m.close();
        else transport.close();
    }

    /** Builds a {@link Sync}. */
    public static final class Builder {
        private final String uri;
        private final Transport transport;
        private String key = DEFAULT_KEY;
        private SyncSerializer serializer = JSON;
        private Duration waitForBroker = Duration.ZERO;
        private boolean keySet;
        private boolean feathersSync;

        private Builder(String uri, Transport transport) {
            this.uri = uri;
            this.transport = transport;
        }

        /** The name instances share (feathers-sync's key): only instances with the same key hear each other. */
        public Builder key(String key) {
            this.key = Objects.requireNonNull(key, "key");
            this.keySet = true;
            return this;
        }

        /** How a message is written on the broker: {@link Sync#JSON} (the default), {@link Sync#CBOR} or one of the caller's. All instances must agree. */
        public Builder serializer(SyncSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /**
         * How long {@link Sync#ready()} waits for a broker that cannot be reached (zero by default:
         * it fails at once). Within that time the connection is tried again, after 250 ms and then
         * twice as long each time up to 5 s, and each failure is logged; after it, ready() fails
         * naming the broker and the last error.
         */
        public Builder waitForBroker(Duration upTo) {
            Objects.requireNonNull(upTo, "upTo");
            if (upTo.isNegative()) throw new IllegalArgumentException("waitForBroker must not be negative, got " + upTo);
            this.waitForBroker = upTo;
            return this;
        }

        /**
         * Shares events with Node replicas that use feathers-sync on the same broker: its message
         * format ({@link #FEATHERS_SYNC}), on its key ({@value #FEATHERS_SYNC_KEY} unless
         * {@link #key} names another) used as the broker's name exactly, as feathers-sync does: the
         * Redis channel, the NATS subject, the RabbitMQ fanout exchange. An event emitted on either
         * side reaches the other side's listeners once.
         */
        public Builder feathersSync() {
            this.feathersSync = true;
            if (!keySet) this.key = FEATHERS_SYNC_KEY;
            this.serializer = FEATHERS_SYNC;
            return this;
        }

        /**
         * The sync plugin, for {@code app.configure(sync)}.
         *
         * @throws IllegalArgumentException when the key is blank
         */
        public Sync build() {

            if (key.isBlank()) throw new IllegalArgumentException("the sync key must not be blank");
            return new Sync(this);
        }
    }

    /** The Jackson-based serializers. */
    private static final class JacksonSerializer implements SyncSerializer {
        private final ObjectMapper mapper;

        JacksonSerializer(ObjectMapper mapper) {
            // dates travel typed, as the mesh's codecs write them (TypedValues), and arrive as Instants
            this.mapper = mapper.registerModule(new JavaTimeModule()).registerModule(dev.skein.mesh.spi.TypedValues.module())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        }

        @Override
        public byte[] serialize(SyncMessage message) throws IOException {
            return mapper.writeValueAsBytes(Map.of("origin", message.origin(), "path", message.path(), "event", message.event(),
                    "data", message.data() == null ? Map.of() : message.data()));
        }

        @Override
        public SyncMessage deserialize(byte[] bytes) throws IOException {
            Map<?, ?> m = mapper.readValue(bytes, Map.class);
            return new SyncMessage(str(m.get("origin")), str(m.get("path")), str(m.get("event")),
                    dev.skein.mesh.spi.TypedValues.reviveAll(m.get("data")));
        }

        private static String str(Object o) {
            return o == null ? null : o.toString();
        }
    }
}
