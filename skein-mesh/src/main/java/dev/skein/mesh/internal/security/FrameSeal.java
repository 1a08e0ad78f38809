package dev.skein.mesh.internal.security;

import dev.skein.mesh.spi.MalformedFrameException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seals every packet a node sends and opens every packet it receives when the mesh has
 * credentials: AES-256-GCM under a key of the sender's session, with replay protection.
 *
 * <pre>
 * offset  size  field
 * 0       1     0xA5: a sealed frame (a JSON packet starts with '{', a CBOR one with 0xBF)
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
 * from its own, or that claims to come from the receiver itself but was not sealed by its own
 * session. Whether the recipient fits the packet is {@link SealedCodec}'s check. Thread-safe.
 */
public final class FrameSeal {

    static final byte MAGIC = (byte) 0xA5;
    private static final int TAG_BITS = 128;
    private static final int FIXED_HEADER = 38;
    private static final int MAX_SESSIONS = 4096;

    private final SealKeys keys;
    private final String nodeId;
    private final long maxAgeMillis;
    private final byte[] header;
    private final byte[] sessionId;
    private final SecretKeySpec sendKey;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Ciphers used with the send key only: the JDK's AES keeps the last key's schedule, so none is recomputed. */
    private final ConcurrentLinkedQueue<Cipher> sendCiphers = new ConcurrentLinkedQueue<>();

    /** What a receiver keeps per sender session: its key, its ciphers (each used with that key only) and its replay window. */
    private static final class Session {
        final SecretKeySpec key;
        final ReplayWindow window = new ReplayWindow();
        final ConcurrentLinkedQueue<Cipher> ciphers = new ConcurrentLinkedQueue<>();
        volatile long lastUsed = System.nanoTime();

        Session(SecretKeySpec key) {
            this.key = key;
        }
    }

    /** A frame that opened: who sealed it, whom for ("" for every node), and the packet inside. */
    public record Opened(String sender, String recipient, byte[] payload) {
    }

    /** An authentic frame that is not acted on (repeated, too old, misdirected): dropped with a line, the connection stays. */
    public static class DroppedFrameException extends MalformedFrameException {
        public DroppedFrameException(String message) {
            super(message);
        }
    }

    public FrameSeal(SealKeys keys, String nodeId, Duration maxAge) {
        this.keys = keys;
        this.nodeId = nodeId;
        this.maxAgeMillis = maxAge.toMillis();
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 255) throw new IllegalArgumentException("a node id is at most 255 bytes in UTF-8, got " + id.length);
        this.sessionId = keys.nonce(16);
        this.header = new byte[FIXED_HEADER + id.length];
        ByteBuffer.wrap(header).put(MAGIC).putInt(keys.keyId()).put(sessionId).putLong(0).putLong(0).put((byte) id.length).put(id);
        this.sendKey = keys.ownSessionKey(sessionId, nodeId);
    }

    /** Seals {@code payload} for {@code recipient}: a node id, a queue ("queue:" and a path), or null for every node. */
    public byte[] seal(byte[] payload, String recipient) {
        byte[] to = recipient == null ? new byte[0] : recipient.getBytes(StandardCharsets.UTF_8);
        if (to.length > 255) throw new IllegalArgumentException("a recipient is at most 255 bytes in UTF-8, got " + to.length);
        int headerLength = header.length + 1 + to.length;
        byte[] out = new byte[headerLength + payload.length + TAG_BITS / 8];
        System.arraycopy(header, 0, out, 0, header.length);
        out[header.length] = (byte) to.length;
        System.arraycopy(to, 0, out, header.length + 1, to.length);
        long n = counter.incrementAndGet();
        ByteBuffer.wrap(out, 21, 16).putLong(n).putLong(System.currentTimeMillis());
        Cipher cipher = cipher(sendCiphers);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, sendKey, new GCMParameterSpec(TAG_BITS, nonce(n)));
            cipher.updateAAD(out, 0, headerLength);
            cipher.doFinal(payload, 0, payload.length, out, headerLength);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a frame: " + e.getMessage(), e);
        } finally {
            sendCiphers.offer(cipher);
        }
    }

    /**
     * Opens a sealed frame.
     *
     * @throws MalformedFrameException when it is not sealed, not sealed with an accepted secret of
     *         this mesh, altered, replayed, or too old; the message never holds key material
     */
    public Opened open(byte[] frame) throws MalformedFrameException {
        if (frame.length < FIXED_HEADER + 1 + TAG_BITS / 8 || frame[0] != MAGIC) {
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
        String sender = new String(frame, FIXED_HEADER, idLength, StandardCharsets.UTF_8);
        if (sender.equals(nodeId) && !java.util.Arrays.equals(frame, 5, 21, sessionId, 0, 16)) {
            throw new DroppedFrameException("a frame claims to come from this node but another session sealed it");
        }
        String sessionKey = new String(frame, 1, 20, StandardCharsets.ISO_8859_1) + sender;
        Session session = sessions.get(sessionKey);
        Session opening = session != null ? session : new Session(keys.sessionKey(keyId, java.util.Arrays.copyOfRange(frame, 5, 21), sender));
        byte[] payload = new byte[frame.length - headerLength - TAG_BITS / 8];
        Cipher cipher = cipher(opening.ciphers);
        try {
            cipher.init(Cipher.DECRYPT_MODE, opening.key, new GCMParameterSpec(TAG_BITS, nonce(n)));
            cipher.updateAAD(frame, 0, headerLength);
            cipher.doFinal(frame, headerLength, frame.length - headerLength, payload, 0);
        } catch (AEADBadTagException e) {
            throw new MalformedFrameException("its seal does not verify: altered, or sealed without this mesh's secret");
        } catch (GeneralSecurityException e) {
            throw new MalformedFrameException("cannot open a sealed frame: " + e.getMessage());
        } finally {
            opening.ciphers.offer(cipher);
        }
        if (session == null) session = remember(sessionKey, opening);
        if (!session.window.accept(n)) throw new DroppedFrameException("a replayed frame (counter " + n + " of " + sender + ")");
        session.lastUsed = System.nanoTime();
        return new Opened(sender, new String(frame, FIXED_HEADER + idLength + 1, toLength, StandardCharsets.UTF_8), payload);
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
        return ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
    }

    private static Cipher cipher(ConcurrentLinkedQueue<Cipher> pool) {
        Cipher c = pool.poll();
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
