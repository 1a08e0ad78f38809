package dev.skein.mesh.internal.security;

import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.ServiceQueues;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seals every packet a node sends and opens every packet it receives when the mesh has
 * credentials: AES-256-GCM under a key of the sender's session, with replay protection.
 *
 * <pre>
 * offset  size  field
 * 0       1     0xA5: a sealed frame (a JSON packet starts with '{', a CBOR one with 0xBF); 0xA4: one
 *               sealed for its recipient alone, under the sender session's key for that recipient
 * 1       4     key id: which mesh secret the session key comes from, or the sender's public key
 * 5       16    session id: random, made when the sender's node starts
 * 21      8     counter: 1, 2, 3... per session; the GCM nonce is 4 zero bytes and the counter
 * 29      8     the sender's clock, ms since the epoch
 * 37      1     n: length of the sender's node id in UTF-8
 * 38      n     the sender's node id
 * 38+n    1     m: length of the recipient (0: every node, a broadcast)
 * 39+n    m     the recipient: a node id, or "queue:" and a path for a request queued in a broker
 * 39+n+m  ...   AES-GCM ciphertext of the packet, then its 16-byte tag; the header is the AAD
 * </pre>
 *
 * Each session of each node has its own key ({@link SealKeys}), so counters never repeat a nonce
 * under one key, and the key is bound to the node id: with a shared secret it is HKDF(frame key of
 * the secret, salt = session id, info = node id); with key pairs it is random and announced to each
 * trusted key ({@link KeyExchange}). A receiver refuses a frame whose tag does not verify; it drops,
 * without closing a connection ({@link DroppedFrameException}), an authentic frame whose counter it
 * has seen (or is older than the {@link ReplayWindow}), whose clock is further than the maximum age
 * from its own, whose clock is more than {@link #START_ALLOWANCE_MILLIS} before this seal was made
 * (the receiver's start: no frame sealed before a node existed is accepted by it, whatever its kind,
 * so frames captured earlier cannot be replayed to a node that joins later; a request queued in a
 * broker for any instance of a service is the exception, as it is meant for an instance that may
 * start later, and {@link SealedCodec} bounds it by its deadline instead), or that claims to come
 * from the receiver itself but was not sealed by its own session. Whether the recipient fits the
 * packet is {@link SealedCodec}'s check. Thread-safe.
 */
public final class FrameSeal {

    static final byte MAGIC = (byte) 0xA5;
    /** The first byte of a frame sealed for one node under the pairwise key of sender and recipient (key pairs only). */
    static final byte DIRECT = (byte) 0xA4;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] QUEUE = ServiceQueues.RECIPIENT_PREFIX.getBytes(StandardCharsets.UTF_8);
    private static final int TAG_BITS = 128;
    private static final int FIXED_HEADER = 38;
    private static final int MAX_SESSIONS = 4096;
    /**
     * How far before a receiver's start a frame may have been sealed, by the sender's clock, and
     * still be accepted there: the clocks of two nodes kept in step (NTP) differ by far less. Frames
     * sealed earlier are refused as replays of traffic from before the receiver existed; a sender
     * whose clock is behind by more than this loses its frames to a new node for the difference.
     */
    public static final long START_ALLOWANCE_MILLIS = 1000;

    private final SealKeys keys;
    private final String nodeId;
    private final long maxAgeMillis;
    /** The earliest sender's clock accepted: this node's start less {@link #START_ALLOWANCE_MILLIS}. */
    private final long notBefore;
    private final byte[] header;
    private final byte[] sessionId;
    private final SecretKeySpec sendKey;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** The sessions last opened, by the last byte of their random id: most frames find theirs here, with no allocation. */
    private final Session[] recent = new Session[32];
    private final byte[] selfId;
    /** A spare cipher used with the send key only: the JDK's AES keeps the last key's schedule, so none is recomputed. */
    private final AtomicReference<Cipher> sendSpare = new AtomicReference<>();
    private final AtomicReference<Cipher> directSpare = new AtomicReference<>();
    /** The last recipient sealed for and its UTF-8 bytes. */
    private volatile Object[] lastRecipient = {"", new byte[0]};

    /**
     * What a receiver keeps per sender session: its key, a spare cipher used with that key only,
     * its replay window, and the header bytes that name it (key id, session id, sender id), so
     * that a frame finds its session without building a string.
     */
    private static final class Session {
        final SecretKeySpec key;
        final String sender;
        final byte[] ref;
        final ReplayWindow window = new ReplayWindow();
        final AtomicReference<Cipher> spare = new AtomicReference<>();
        /** The key of this session's frames sealed for this node alone (key pairs), made on the first one. */
        volatile SecretKeySpec direct;
        volatile long lastUsed = System.nanoTime();

        Session(SecretKeySpec key, String sender, byte[] frame, int idLength) {
            this.key = key;
            this.sender = sender;
            this.ref = new byte[20 + idLength];
            System.arraycopy(frame, 1, ref, 0, 20);
            System.arraycopy(frame, FIXED_HEADER, ref, 20, idLength);
        }

        boolean names(byte[] frame, int idLength) {
            return ref.length == 20 + idLength && Arrays.equals(frame, 1, 21, ref, 0, 20)
                    && Arrays.equals(frame, FIXED_HEADER, FIXED_HEADER + idLength, ref, 20, ref.length);
        }
    }

    /**
     * A frame that opened: who sealed it, whom for ("" for every node), when, and the packet inside.
     *
     * @param sender    the node id the seal proves
     * @param recipient the recipient the frame was sealed for, "" for every node
     * @param payload   the codec's frame of the packet inside
     * @param sealedAt  the sender's clock when it sealed the frame, ms since the epoch
     */
    public record Opened(String sender, String recipient, byte[] payload, long sealedAt) {

    }

    /** An authentic frame that is not acted on (repeated, too old, misdirected): dropped with a line, the connection stays. */
    public static class DroppedFrameException extends MalformedFrameException {
        /** An error whose message says why the frame was dropped. */
        public DroppedFrameException(String message) {
            super(message);
        }
    }

    /**
     * Seals and opens the frames of node {@code nodeId} with {@code keys}, refusing frames whose clock is further than {@code maxAge}
     * from this node's; a new session id per instance.
     *
     * @throws IllegalArgumentException when the node id is longer than 255 bytes in UTF-8
     */
    public FrameSeal(SealKeys keys, String nodeId, Duration maxAge) {
        this(keys, nodeId, maxAge, System.currentTimeMillis());
    }

    /** As {@link #FrameSeal(SealKeys, String, Duration)}, for a node that started at {@code startedAt} (ms since the epoch, its clock). */
    FrameSeal(SealKeys keys, String nodeId, Duration maxAge, long startedAt) {
        this.keys = keys;
        this.nodeId = nodeId;
        this.maxAgeMillis = maxAge.toMillis();
        this.notBefore = startedAt - START_ALLOWANCE_MILLIS;
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        this.selfId = id;
        if (id.length > 255) throw new IllegalArgumentException("a node id is at most 255 bytes in UTF-8, got " + id.length);
        this.sessionId = keys.nonce(16);
        this.header = new byte[FIXED_HEADER + id.length];
        ByteBuffer.wrap(header).put(MAGIC).putInt(keys.keyId()).put(sessionId).putLong(0).putLong(0).put((byte) id.length).put(id);
        this.sendKey = keys.ownSessionKey(sessionId, nodeId);
    }

    /** Seals {@code payload} for {@code recipient}: a node id, a queue ("queue:" and a path), or null for every node. */
    public byte[] seal(byte[] payload, String recipient) {
        byte[] to = recipientBytes(recipient);
        if (to.length > 255) throw new IllegalArgumentException("a recipient is at most 255 bytes in UTF-8, got " + to.length);
        int headerLength = header.length + 1 + to.length;
        byte[] out = new byte[headerLength + payload.length + TAG_BITS / 8];
        System.arraycopy(header, 0, out, 0, header.length);
        out[header.length] = (byte) to.length;
        System.arraycopy(to, 0, out, header.length + 1, to.length);
        long n = counter.incrementAndGet();
        ByteBuffer.wrap(out, 21, 16).putLong(n).putLong(System.currentTimeMillis());
        SecretKeySpec direct = to.length == 0 ? null : keys.ownDirectKey(sessionId, nodeId, recipient);
        if (direct != null) out[0] = DIRECT;
        AtomicReference<Cipher> spare = direct == null ? sendSpare : directSpare;
        Cipher cipher = cipher(spare);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, direct == null ? sendKey : direct, new GCMParameterSpec(TAG_BITS, nonce(n)));
            cipher.updateAAD(out, 0, headerLength);
            cipher.doFinal(payload, 0, payload.length, out, headerLength);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a frame: " + e.getMessage(), e);
        } finally {
            spare.set(cipher);
        }
    }

    private byte[] recipientBytes(String recipient) {
        if (recipient == null) return EMPTY;
        Object[] last = lastRecipient;
        if (recipient.equals(last[0])) return (byte[]) last[1];
        byte[] to = recipient.getBytes(StandardCharsets.UTF_8);
        lastRecipient = new Object[]{recipient, to};
        return to;
    }

    /**
     * Opens a sealed frame.
     *
     * @throws MalformedFrameException when it is not sealed, not sealed with an accepted secret of
     *         this mesh, altered, replayed, or too old; the message never holds key material
     */
    public Opened open(byte[] frame) throws MalformedFrameException {
        if (frame.length < FIXED_HEADER + 1 + TAG_BITS / 8 || frame[0] != MAGIC && frame[0] != DIRECT) {
            throw new MalformedFrameException("not sealed: this mesh requires credentials and the sender has none");
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int keyId = b.getInt(1);
        long n = b.getLong(21);
        long clock = b.getLong(29);
        int idLength = frame[37] & 0xFF;
        if (frame.length < FIXED_HEADER + idLength + 1 + TAG_BITS / 8) throw new MalformedFrameException("a sealed frame too short for its header");
        int toLength = frame[FIXED_HEADER + idLength] & 0xFF;
        int headerLength = FIXED_HEADER + idLength + 1 + toLength;
        if (frame.length < headerLength + TAG_BITS / 8) throw new MalformedFrameException("a sealed frame too short for its header");
        if (Math.abs(System.currentTimeMillis() - clock) > maxAgeMillis) {
            throw new DroppedFrameException("a sealed frame " + (System.currentTimeMillis() - clock) + " ms old, beyond the maximum age of "
                    + maxAgeMillis + " ms (a replay, or clocks out of step)");
        }
        if (clock < notBefore && !queued(frame, FIXED_HEADER + idLength + 1, toLength)) throw sealedBeforeStart(frame, idLength, clock);
        int slot = frame[20] & (recent.length - 1);
        Session session = recent[slot];
        if (session == null || !session.names(frame, idLength)) session = null;
        String sender = session != null ? session.sender : new String(frame, FIXED_HEADER, idLength, StandardCharsets.UTF_8);
        String sessionKey = null;
        Session opening = session;
        if (session == null) {
            if (sender.equals(nodeId) && !Arrays.equals(frame, 5, 21, sessionId, 0, 16)) {
                throw new DroppedFrameException("a frame claims to come from this node but another session sealed it");
            }
            sessionKey = new String(frame, 1, 20, StandardCharsets.ISO_8859_1) + sender;
            session = sessions.get(sessionKey);
            opening = session != null ? session
                    : new Session(keys.sessionKey(keyId, Arrays.copyOfRange(frame, 5, 21), sender), sender, frame, idLength);
        }
        SecretKeySpec key = opening.key;
        if (frame[0] == DIRECT) {
            if (toLength != selfId.length || !Arrays.equals(frame, FIXED_HEADER + idLength + 1, headerLength, selfId, 0, toLength)) {
                throw new DroppedFrameException("a frame of node " + sender + " sealed for another node alone");
            }
            if (opening.direct == null) opening.direct = keys.directKey(keyId, Arrays.copyOfRange(frame, 5, 21), sender, nodeId);
            key = opening.direct;
        }
        byte[] payload = new byte[frame.length - headerLength - TAG_BITS / 8];
        Cipher cipher = cipher(opening.spare);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(n)));
            cipher.updateAAD(frame, 0, headerLength);
            cipher.doFinal(frame, headerLength, frame.length - headerLength, payload, 0);
        } catch (AEADBadTagException e) {
            throw new MalformedFrameException("its seal does not verify: altered, or sealed without this mesh's secret");
        } catch (GeneralSecurityException e) {
            throw new MalformedFrameException("cannot open a sealed frame: " + e.getMessage());
        } finally {
            opening.spare.set(cipher);
        }
        if (session == null) session = remember(sessionKey, opening);
        recent[slot] = session;
        if (!session.window.accept(n)) throw new DroppedFrameException("a replayed frame (counter " + n + " of " + sender + ")");
        session.lastUsed = System.nanoTime();
        String to = toLength == 0 ? ""
                : toLength == selfId.length && Arrays.equals(frame, FIXED_HEADER + idLength + 1, headerLength, selfId, 0, toLength) ? nodeId
                : new String(frame, FIXED_HEADER + idLength + 1, toLength, StandardCharsets.UTF_8);
        return new Opened(sender, to, payload, clock);
    }

    /** Whether the recipient at {@code from} names a broker's service queue rather than a node. */
    private static boolean queued(byte[] frame, int from, int length) {
        return length > QUEUE.length && Arrays.equals(frame, from, from + QUEUE.length, QUEUE, 0, QUEUE.length);
    }

    private DroppedFrameException sealedBeforeStart(byte[] frame, int idLength, long clock) {
        String sender = new String(frame, FIXED_HEADER, idLength, StandardCharsets.UTF_8);
        return new DroppedFrameException("a frame of node " + sender + " sealed " + (notBefore + START_ALLOWANCE_MILLIS - clock)
                + " ms before node " + nodeId + " started: a replay of traffic from before it joined, or the sender's clock is behind by more than "
                + START_ALLOWANCE_MILLIS + " ms (keep clocks in step, NTP)");
    }

    private Session remember(String key, Session session) {
        Session existing = sessions.putIfAbsent(key, session);
        if (existing != null) return existing;
        if (sessions.size() > MAX_SESSIONS) {
            List<Map.Entry<String, Session>> all = new ArrayList<>(sessions.entrySet());
            all.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
            for (int i = 0; i < all.size() / 4; i++) sessions.remove(all.get(i).getKey(), all.get(i).getValue());
        }
        return session;
    }

    private static byte[] nonce(long counter) {
        byte[] nonce = new byte[12];
        for (int i = 11; i >= 4; i--, counter >>>= 8) nonce[i] = (byte) counter;
        return nonce;
    }

    /** The spare cipher, or a new one when another thread holds it. */
    private static Cipher cipher(AtomicReference<Cipher> spare) {
        Cipher c = spare.getAndSet(null);
        if (c != null) return c;
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    }

    @Override
    public String toString() {
        return "FrameSeal{" + nodeId + "}";
    }
}
