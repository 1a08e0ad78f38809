package dev.skein.nats;

import dev.skein.mesh.broker.BrokerTransport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportFactory;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import dev.skein.mesh.broker.FrameChunks;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The mesh over a NATS server. Every node subscribes to two subjects: {@code skein.<namespace>.all}
 * (hello, heartbeat, leave, events: everyone) and {@code skein.<namespace>.node.<id>} (requests
 * and answers for this node). Nothing is durable: NATS core pub/sub, at most once, in order per
 * publisher. NATS says nothing about peers, so heartbeats decide who is gone.
 *
 * <p>Built from a URI ({@code nats://host:port}, credentials as {@code nats://user:pass@host:port},
 * TLS as {@code nats+tls://host:port}) it owns its connection, reconnects forever with backoff, and
 * closes it; built around a user's {@link Connection} it neither configures nor closes it.
 */
public final class NatsTransport extends BrokerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(NatsTransport.class);
    /** A namespace NATS can carry in a subject: tokens of letters, digits, '-' and '_', dot-separated (a deployment and its cluster). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final String uri;
    private final Connection given;
    private volatile Connection connection;
    private volatile Dispatcher dispatcher;
    /** Frames above the server's max_payload, put together from their chunks; made at connect. */
    private volatile FrameChunks chunks;
    private volatile String all;
    private volatile String prefix;
    /** The last error jnats reported while connecting: the reason behind its "Unable to connect". */
    private volatile Throwable connectError;

    private NatsTransport(String uri, Connection given) {
        super("NATS");
        this.uri = uri;
        this.given = given;
    }

    /** A transport that connects to {@code uri} itself. */
    public static NatsTransport create(String uri) {
        return new NatsTransport(uri, null);
    }

    /** A transport over a connection the caller owns (and closes). */
    public static NatsTransport over(Connection connection) {
        return new NatsTransport(connection.getConnectedUrl(), connection);
    }

    @Override
    public String scheme() {
        return "nats";
    }

    @Override
    public String address() {
        return uri == null ? "" : withoutCredentials(uri);
    }

    private static String withoutCredentials(String text) {
        return text == null ? "" : TransportFactory.withoutCredentials(text);
    }

    @Override
    protected String refuse(TransportContext context) {
        return TOKEN.matcher(context.namespace()).matches() ? null
                : "namespace '" + context.namespace() + "' cannot be part of a NATS subject: use letters, digits, '-' and '_'";
    }

    @Override
    protected void connect() throws Exception {
        all = context.channel() != null ? context.channel() : "skein." + context.namespace() + ".all";
        prefix = "skein." + context.namespace() + ".node.";
        connectError = null;
        connection = given != null ? given : Nats.connect(options());
        chunks = new FrameChunks(context.nodeId(), context.maxFrameSize());
        dispatcher = connection.createDispatcher(this::receiveMessage);
        dispatcher.subscribe(all);
        dispatcher.subscribe(prefix + context.nodeId());
        connection.flush(Duration.ofSeconds(5));
    }

    /** jnats says "Authentication error ...: Authorization Violation" (in its exception, or through the error listener). */
    @Override
    protected boolean refusedForGood(Throwable e) {
        return super.refusedForGood(e) || super.refusedForGood(connectError)
                || anyCauseSays(e, "authorization violation", "authentication error")
                || anyCauseSays(connectError, "authorization violation", "authentication error");
    }

    /**
     * jnats names the server URL with its credentials, and keeps the real reason (a TLS handshake,
     * say) for the error listener: report that, without the password.
     */
    @Override
    protected java.io.IOException connectFailure(Exception e) {
        Throwable reason = connectError != null ? connectError : e;
        return new java.io.IOException("cannot reach NATS at " + address() + ": "
                + withoutCredentials(e.getMessage()) + (reason == e ? "" : " (" + withoutCredentials(reason.toString()) + ")"),
                reason == e && String.valueOf(e.getMessage()).contains("@") ? null : reason); // jnats's own message holds the password
    }

    /**
     * {@code context}, made to check that the NATS server's certificate names the host connected
     * to. jnats does not ask for that check; {@code nats+tls://} URIs get it on the JVM's default
     * context. Use it for a connection of your own, with {@code noResolveHostnames()} so that the
     * host name, not an address jnats resolved, is what gets checked: {@code new Options.Builder()
     * .sslContext(NatsTransport.verifyingHostNames(mine)).noResolveHostnames()}.
     */
    public static javax.net.ssl.SSLContext verifyingHostNames(javax.net.ssl.SSLContext context) {
        return HostVerifyingContext.wrap(context);
    }

    private Options options() throws java.security.NoSuchAlgorithmException {
        Options.Builder builder = new Options.Builder();
        if (uri.regionMatches(true, 0, "tls:", 0, 4)) {
            // jnats would otherwise resolve the host and hand the TLS layer an IP address to check
            builder.sslContext(verifyingHostNames(javax.net.ssl.SSLContext.getDefault())).noResolveHostnames();
        }
        return builder
                .server(uri)
                .connectionName("skein-" + context.nodeId())
                .noEcho()
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(3))
                .connectionListener((conn, event) -> {
                    // jnats reports DISCONNECTED for a failed first connect and for every failed
                    // reconnect attempt: warn once per outage of a connection that was up.
                    if (conn != connection) return;
                    if (event == ConnectionListener.Events.RECONNECTED) reconnected();
                    else if (event == ConnectionListener.Events.DISCONNECTED) lostBroker();
                })
                .errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        connectError = exp;
                    }

                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        // the server's -ERR, e.g. 'Authorization Violation'
                        connectError = new java.io.IOException("the server said: " + error);
                    }
                })
                .build();
    }

    @Override
    public boolean send(String nodeId, byte[] frame) {
        return publish(prefix + nodeId, frame);
    }

    @Override
    public void broadcast(byte[] frame) {
        publish(all, frame);
    }

    private boolean publish(String subject, byte[] frame) {
        Connection c = connection;
        if (c == null || closed || c.getStatus() != Connection.Status.CONNECTED) return false;
        if (tooLarge(frame, context.maxFrameSize())) return true;
        try {
            if (frame.length <= c.getMaxPayload()) {
                c.publish(subject, frame);
            } else {
                // above the server's max_payload: in chunks, one after the other from this thread, put together by the receiver
                for (byte[] chunk : FrameChunks.split(frame, (int) Math.min(Integer.MAX_VALUE, c.getMaxPayload()))) c.publish(subject, chunk);
            }
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** A message from the server, on the dispatcher's thread. */
    private void receiveMessage(io.nats.client.Message message) {
        byte[] data = message.getData();
        if (data == null) return;
        // a request of a non-blocking service is served on the dispatcher's thread only when no other message waits behind it
        Dispatcher d = dispatcher;
        dev.skein.core.internal.ReadAhead.deliver(d != null && d.getPendingMessageCount() > 0, () -> hand(message, data));
    }

    /** Hands on a frame, or a chunk of one (the frame goes on with its last chunk). */
    private void hand(io.nats.client.Message message, byte[] data) {
        if (!FrameChunks.isChunk(data)) {
            receive(data);
            return;
        }
        byte[] whole = chunks.accept(data, "NATS subject " + message.getSubject());
        if (whole != null) receive(whole);
    }

    @Override
    protected void release() {
        Connection c = connection;
        connection = null;
        if (c == null) return;
        try {
            if (dispatcher != null) c.closeDispatcher(dispatcher);
            if (given == null) {
                if (c.getStatus() == Connection.Status.CONNECTED) c.flush(Duration.ofSeconds(1));
                c.close();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.debug("Closing the NATS connection of node {} failed", context.nodeId(), e);
        }
        dispatcher = null;
    }
}
