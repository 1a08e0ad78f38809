package dev.skein.mesh.internal.security;

import dev.skein.mesh.TrustedKeys;
import dev.skein.mesh.spi.LogLimiter;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * How nodes with key pairs learn each other's session keys ({@link KeyPairKeys}), on any transport.
 *
 * <p>A node announces its session key in a <b>keys</b> frame: one entry per trusted key, the
 * session key wrapped (AES-GCM) under the pairwise key of the sender and that key, with the frame's
 * header as associated data; it broadcasts one at start and after a reconnect, and sends one to
 * each peer that connects. A node that receives a sealed frame of a session it does not know keeps
 * it aside (at most {@value #MAX_HELD} frames per session, {@value #HOLD_SECONDS} s) and sends the
 * sender an <b>ask</b> frame; the sender answers with a keys frame holding the entry for the
 * asker's key only, and the frames kept aside are then opened in the order they came.
 *
 * <pre>
 * keys:  0xA6 | sender key id (4) | session id (16) | clock (8) | n (1) | sender id (n) | count (2) | count x (key id (4) | wrapped (60))
 * ask:   0xA7 | asker key id (4) | session id wanted (16) | n (1) | asker id (n)
 * </pre>
 *
 * A keys frame whose clock is before the receiver's start (less the seal's allowance) is a replay
 * of traffic from before it joined and is dropped, as {@link FrameSeal} drops such frames; the
 * receiver learns the sender's current session from the answer to its ask.
 *
 * <p>An ask is not authenticated: it can only make a node send the entry for a trusted key, which
 * only that key's holders can open, at most once per second per asker and key. Thread-safe.
 */
public final class KeyExchange {

    private static final Logger LOG = LoggerFactory.getLogger(KeyExchange.class);
    static final byte KEYS = (byte) 0xA6;
    static final byte ASK = (byte) 0xA7;
    static final int MAX_HELD = 1024;
    static final int HOLD_SECONDS = 10;
    private static final int MAX_WAITING_SESSIONS = 256;
    /** The most bytes held in all, whatever the sessions: a frame that merely names a trusted key gets held, so this bounds what a stranger can pin. */
    static final long MAX_HELD_BYTES = 16L << 20;
    private final java.util.concurrent.atomic.AtomicLong heldBytes = new java.util.concurrent.atomic.AtomicLong();
    private static final long ASK_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    /** Hands a frame kept aside back to the mesh's receive path, as if it had just arrived from {@code peer}. */
    public interface Redelivery {
        /** Receives {@code frame} again as if {@code peer} had just sent it. */
        void deliver(String peer, byte[] frame);

    }

    private final KeyPairKeys keys;
    private final String nodeId;
    private final long maxAgeMillis;
    /** The earliest sender's clock accepted in a keys frame: this node's start less the seal's allowance. */
    private final long notBefore;
    private final Transport transport;
    private final Redelivery redelivery;
    private final BiConsumer<String, Set<String>> identified;
    private final LogLimiter lines = new LogLimiter(Duration.ofMinutes(1));
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> answered = new ConcurrentHashMap<>();

    /** The frames of one unknown session, kept aside until its key comes. */
    private static final class Waiting {
        final long since = System.nanoTime();
        final List<Object[]> frames = new ArrayList<>();
        long bytes;
        long askedAt;
        boolean released;
    }

    /**
     * @param identified told the identities (its key's name and roles) of each node whose session key it learns,
     *                   before any frame of that session is delivered
     */
    public KeyExchange(KeyPairKeys keys, String nodeId, Duration maxAge, Transport transport, Redelivery redelivery,
                       BiConsumer<String, Set<String>> identified) {
        this(keys, nodeId, maxAge, transport, redelivery, identified, System.currentTimeMillis());
    }

    /** As the public constructor, for a node that started at {@code startedAt} (ms since the epoch, its clock). */
    KeyExchange(KeyPairKeys keys, String nodeId, Duration maxAge, Transport transport, Redelivery redelivery,
                BiConsumer<String, Set<String>> identified, long startedAt) {
        this.keys = keys;
        this.nodeId = nodeId;
        this.maxAgeMillis = maxAge.toMillis();
        this.notBefore = startedAt - FrameSeal.START_ALLOWANCE_MILLIS;
        this.transport = transport;
        this.redelivery = redelivery;
        this.identified = identified;
    }

    /** Whether {@code frame} is a keys or an ask frame, for {@link #receive}. */
    public static boolean isExchangeFrame(byte[] frame) {
        return frame.length > 0 && (frame[0] == KEYS || frame[0] == ASK);
    }

    /** This node's keys frame for every trusted key: to broadcast at start, or send to a peer that connects. */
    public byte[] announcement() {
        List<Integer> recipients = new ArrayList<>();
        for (TrustedKeys.Entry e : keys.trusted()) recipients.add(e.keyId());
        return keysFrame(recipients);
    }

    private byte[] keysFrame(List<Integer> recipients) {
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        int headerLength = 30 + id.length + 2;
        ByteBuffer b = ByteBuffer.allocate(headerLength + recipients.size() * (4 + KeyPairKeys.WRAPPED));
        b.put(KEYS).putInt(keys.keyId()).put(keys.ownSessionId()).putLong(System.currentTimeMillis())
                .put((byte) id.length).put(id).putShort((short) recipients.size());
        byte[] header = Arrays.copyOf(b.array(), headerLength);
        for (int recipient : recipients) b.putInt(recipient).put(keys.wrapOwnSessionFor(recipient, aad(header, recipient)));
        return b.array();
    }

    private static byte[] aad(byte[] header, int recipient) {
        return ByteBuffer.allocate(header.length + 4).put(header).putInt(recipient).array();
    }

    /**
     * Handles a keys or ask frame that came from {@code peer} (null when the transport proved no peer).
     *
     * @throws MalformedFrameException when it is malformed, or a keys frame that does not open (a
     *         connection-based transport closes the connection)
     */
    public void receive(String peer, byte[] frame) throws MalformedFrameException {
        try {
            if (frame[0] == KEYS) onKeys(peer, frame);
            else onAsk(peer, frame);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new MalformedFrameException("a truncated key exchange frame");
        }
    }

    private void onKeys(String peer, byte[] frame) throws MalformedFrameException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.get();
        int senderKey = b.getInt();
        byte[] sessionId = new byte[16];
        b.get(sessionId);
        long clock = b.getLong();
        byte[] id = new byte[b.get() & 0xFF];
        b.get(id);
        String sender = new String(id, StandardCharsets.UTF_8);
        int count = b.getShort() & 0xFFFF;
        byte[] header = Arrays.copyOf(frame, b.position());
        if (!keys.accepts(senderKey)) {
            throw new MalformedFrameException("node " + sender + " announced a session under a key this node does not trust (key id "
                    + Integer.toHexString(senderKey) + ")");
        }
        if (peer != null && !peer.equals(sender)) throw new SealedCodec.ForgedSenderException(peer, sender);
        if (sender.equals(nodeId)) return;
        if (Math.abs(System.currentTimeMillis() - clock) > maxAgeMillis) {
            throw new FrameSeal.DroppedFrameException("a keys frame of node " + sender + " beyond the maximum age (a replay, or clocks out of step)");
        }
        if (clock < notBefore) {
            // a replay from before this node started; the sender's current session comes in its answer to an ask
            throw new FrameSeal.DroppedFrameException("a keys frame of node " + sender + " sealed before node " + nodeId
                    + " started: a replay of traffic from before it joined, or the sender's clock is behind");
        }
        for (int i = 0; i < count; i++) {
            int recipient = b.getInt();
            int at = b.position();
            b.position(at + KeyPairKeys.WRAPPED);
            if (recipient != keys.keyId()) continue;
            byte[] sessionKey = keys.unwrapFrom(senderKey, frame, at, aad(header, recipient));
            if (sessionKey == null) throw new MalformedFrameException("a keys frame of node " + sender + " that does not open");
            if (!keys.install(senderKey, sessionId, sender, sessionKey)) {
                throw new FrameSeal.DroppedFrameException("node " + sender + " is known under another key (or key " + Integer.toHexString(senderKey)
                        + " already speaks for " + KeyPairKeys.MAX_IDS_PER_KEY + " nodes); a session announced for it under key "
                        + Integer.toHexString(senderKey) + " is refused");
            }
            identified.accept(sender, keys.identities(senderKey));
            release(ref(senderKey, sessionId, sender));
            return;
        }
        // no entry for this node's key: the sender does not trust it, and this node cannot hear it
        if (lines.allow("untrusting " + sender)) LOG.warn("Node {} cannot hear node {}: that node does not trust this node's key", nodeId, sender);
    }

    private void onAsk(String peer, byte[] frame) throws MalformedFrameException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.get();
        int askerKey = b.getInt();
        b.position(b.position() + 16);
        byte[] id = new byte[b.get() & 0xFF];
        b.get(id);
        String asker = new String(id, StandardCharsets.UTF_8);
        if (!keys.accepts(askerKey) || peer != null && !peer.equals(asker) || asker.equals(nodeId)) return;
        long now = System.nanoTime();
        Long before = answered.get(asker + "|" + askerKey);
        if (before != null && now - before < ASK_EVERY_NANOS) return;
        if (answered.size() > 4096) answered.clear();
        answered.put(asker + "|" + askerKey, now);
        transport.send(asker, keysFrame(List.of(askerKey)));
    }

    /** Keeps aside a frame of a session whose key is not known yet, and asks its sender for the key. */
    public void hold(String peer, byte[] frame, SealKeys.UnknownSessionException unknown) {
        String ref = ref(unknown.keyId(), unknown.sessionId(), unknown.sender());
        if (waiting.size() >= MAX_WAITING_SESSIONS) {
            long now = System.nanoTime();
            waiting.values().removeIf(w -> {
                if (now - w.since <= Duration.ofSeconds(HOLD_SECONDS).toNanos()) return false;
                discard(w);
                return true;
            });
            if (waiting.size() >= MAX_WAITING_SESSIONS) {
                if (lines.allow("too many")) LOG.warn("Node {} dropped a frame of node {}: {} sessions already wait for their keys",
                        nodeId, unknown.sender(), MAX_WAITING_SESSIONS);
                return;
            }
        }
        Waiting w = waiting.computeIfAbsent(ref, r -> new Waiting());
        boolean ask;
        boolean deliverNow;
        synchronized (w) {
            deliverNow = w.released;
            if (!deliverNow) {
                if (w.frames.size() >= MAX_HELD || System.nanoTime() - w.since > Duration.ofSeconds(HOLD_SECONDS).toNanos()) {
                    if (lines.allow("held " + unknown.sender())) {
                        LOG.warn("Node {} dropped frames of node {}: it never answered for the key of their session", nodeId, unknown.sender());
                    }
                    if (waiting.remove(ref, w)) discard(w);
                    return;
                }
                if (heldBytes.addAndGet(frame.length) > MAX_HELD_BYTES) {
                    heldBytes.addAndGet(-frame.length);
                    if (lines.allow("held bytes")) {
                        LOG.warn("Node {} dropped a frame of node {}: {} MiB of frames already wait for session keys", nodeId,
                                unknown.sender(), MAX_HELD_BYTES >> 20);
                    }
                    return;
                }
                w.bytes += frame.length;
                w.frames.add(new Object[]{peer, frame});
            }
            long now = System.nanoTime();
            ask = !deliverNow && (w.askedAt == 0 || now - w.askedAt > ASK_EVERY_NANOS);
            if (ask) w.askedAt = now;
        }
        if (deliverNow || keys.knows(unknown.keyId(), unknown.sessionId(), unknown.sender())) {
            if (deliverNow) redelivery.deliver(peer, frame);
            else release(ref);
            return;
        }
        if (ask) transport.send(unknown.sender(), askFrame(unknown.sessionId()));
    }

    /** Frames of a session that never got its key: let go of them and of the bytes they held. */
    private void discard(Waiting w) {
        synchronized (w) {
            w.released = true;
            w.frames.clear();
            heldBytes.addAndGet(-w.bytes);
            w.bytes = 0;
        }
    }

    private byte[] askFrame(byte[] sessionId) {
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(22 + id.length).put(ASK).putInt(keys.keyId()).put(sessionId).put((byte) id.length).put(id).array();
    }

    private void release(String ref) {
        Waiting w = waiting.remove(ref);
        if (w == null) return;
        List<Object[]> held;
        synchronized (w) {
            w.released = true;
            held = new ArrayList<>(w.frames);
            w.frames.clear();
            heldBytes.addAndGet(-w.bytes);
            w.bytes = 0;
        }
        for (Object[] h : held) redelivery.deliver((String) h[0], (byte[]) h[1]);
    }

    private static String ref(int keyId, byte[] sessionId, String sender) {
        return Integer.toHexString(keyId) + "|" + HexFormat.of().formatHex(sessionId) + "|" + sender;
    }
}
