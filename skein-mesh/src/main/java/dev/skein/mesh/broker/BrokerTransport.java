package dev.skein.mesh.broker;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every transport over a broker client shares (NATS, Redis, RabbitMQ), so that each says only
 * how it connects, publishes and lets go. It keeps the {@link Transport} rules that are easy to
 * get wrong:
 * <ul>
 *   <li>{@link #start} does not block: {@link #connect} runs on a thread of its own (rule 1);</li>
 *   <li>a failed connect releases what it opened, and start may be called again (rule 10);</li>
 *   <li>a connect that finishes after {@link #close} releases what it opened itself, since close
 *       found nothing to release yet;</li>
 *   <li>close is idempotent (rule 9); frames are handed to the listener with the broker named;</li>
 *   <li>the loss of the broker is logged once per outage, and its return tells the mesh.</li>
 * </ul>
 */
public abstract class BrokerTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerTransport.class);

    /** The broker's name in messages: "NATS", "Redis", "RabbitMQ". */
    private final String broker;
    private final AtomicBoolean lost = new AtomicBoolean();
    /** What the mesh gave {@link #start}: node id, namespace, listener; {@code null} before start. */
    protected volatile TransportContext context;
    /** True once {@link #close} was called; connect and the broker client's callbacks check it. */
    protected volatile boolean closed;

    /** A transport over the broker named {@code broker} in log lines and errors ("NATS", "Redis", "RabbitMQ"). */
    protected BrokerTransport(String broker) {

        this.broker = broker;
    }

    /**
     * Connects and subscribes, blocking; called on a thread of its own by {@link #start}. When it
     * throws, {@link #release} follows.
     */
    protected abstract void connect() throws Exception;

    /** Closes whatever {@link #connect} opened, even half of it; safe to call more than once. */
    protected abstract void release();

    /**
     * Why this transport cannot work in {@code context} at all (a namespace the broker cannot
     * name, say), or null. Checked before connecting.
     */
    protected String refuse(TransportContext context) {
        return null;
    }

    /**
     * Whether a connect that threw {@code e} failed for good: a TLS handshake the JVM refused (by
     * default), or credentials the broker refused (each transport adds its client's signs). Such a
     * failure is reported as a {@link TransportRefusedException}, and is not tried again.
     */
    protected boolean refusedForGood(Throwable e) {
        return anyCause(e, t -> t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException);
    }

    /** Whether {@code e} or one of its causes passes {@code test}; false for null. */
    protected static boolean anyCause(Throwable e, java.util.function.Predicate<Throwable> test) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) return true;
        }
        return false;
    }

    /** Whether the message of {@code e} or of one of its causes contains one of {@code words} (ignoring case). */
    protected static boolean anyCauseSays(Throwable e, String... words) {
        return anyCause(e, t -> {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            for (String word : words) {
                if (message.contains(word.toLowerCase(java.util.Locale.ROOT))) return true;
            }
            return false;
        });
    }

    /** The error {@link #start} fails with when {@link #connect} threw {@code e}; it names the broker's address. */
    protected IOException connectFailure(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = plainAddresses(String.valueOf(e.getMessage()));
        String reason = root == e || root.getMessage() == null ? "" : plainAddresses(root.getMessage().lines().findFirst().orElse(""));
        return new IOException("cannot reach " + broker + " at " + address() + ": " + message
                + (reason.isEmpty() || message.contains(reason) ? "" : " (" + reason + ")"), e);
    }

    /**
     * Addresses as a person writes them, {@code 127.0.0.1:6379}, where a client library printed an
     * InetSocketAddress ({@code 127.0.0.1/<unresolved>:6379}, {@code localhost/127.0.0.1:6379}, {@code /127.0.0.1:6379}).
     */
    static String plainAddresses(String message) {
        return message.replaceAll("([\\w.-]+)/(?:<unresolved>|[0-9a-fA-F.:]+):(\\d+)", "$1:$2")
                .replaceAll("(^|[\\s(])/([0-9a-fA-F.]+):(\\d+)", "$1$2:$3");
    }

    @Override
    public final CompletableFuture<Void> start(TransportContext context) {
        this.context = context;
        String refused = refuse(context);
        if (refused != null) return CompletableFuture.failedFuture(new IllegalArgumentException(refused));
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("this " + broker + " transport is closed"));
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread connector = new Thread(() -> {
            try {
                connect();
                if (closed) {
                    release();
                    started.completeExceptionally(new IllegalStateException("the " + broker + " transport was closed while it connected"));
                    return;
                }
                started.complete(null);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                release();
                IOException failure = connectFailure(e);
                started.completeExceptionally(refusedForGood(e) || refusedForGood(failure.getCause())
                        ? new TransportRefusedException(failure.getMessage(), failure.getCause()) : failure);
            }
        }, "skein-" + scheme() + "-connect-" + context.nodeId());
        connector.setDaemon(true);
        connector.start();
        return started;
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        release();
    }

    /** Hands a frame that came from the broker to the mesh. */
    protected final void receive(byte[] frame) {
        context.listener().onFrameOrDrop(frame, broker + " (node " + context.nodeId() + ")");
    }

    /** True, after a warning, when a frame is longer than {@code max} bytes: it is not sent. */
    protected final boolean tooLarge(byte[] frame, long max) {
        if (frame.length <= max) return false;
        LOG.warn("Node {} refused to send a frame of {} bytes ({} takes at most {})", context.nodeId(), frame.length, broker, max);
        return true;
    }

    /** The client lost the broker: warns once per outage. */
    protected final void lostBroker() {
        if (!closed && lost.compareAndSet(false, true)) {
            LOG.warn("Node {} lost {} at {}; reconnecting", context.nodeId(), broker, address());
            context.listener().onLinkLost();
        }
    }

    /** True from {@link #lostBroker} until {@link #reconnected}: the client is between connections. */
    protected final boolean reconnecting() {
        return lost.get();
    }

    /** The client is back (and subscribed again) after {@link #lostBroker}: the mesh re-announces this node. */
    protected final void reconnected() {
        if (closed || !lost.compareAndSet(true, false)) return;
        LOG.info("Node {} reconnected to {} at {}", context.nodeId(), broker, address());
        context.listener().onReconnected();
    }
}
