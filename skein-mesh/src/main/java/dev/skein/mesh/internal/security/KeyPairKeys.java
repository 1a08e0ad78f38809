package dev.skein.mesh.internal.security;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.MeshAuthenticator;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keys of a node that holds a key pair (EC P-256) and a list of trusted public keys.
 *
 * <ul>
 *   <li><b>Proofs</b> (tcp handshakes, beacons) are ECDSA signatures (SHA-256, P1363 format) over the
 *       purpose and the message; a verifier checks them with the trusted key the proof names.</li>
 *   <li><b>Pairwise keys</b>: {@code K_ab = HKDF(ECDH(a, B), salt, namespace and both keys' SHA-256)},
 *       the same at both ends and at no third party; expanded, one key wraps session keys and one
 *       derives the keys of frames sealed for one node alone.</li>
 *   <li><b>Session keys</b>: this node's is random; another node's is learnt when it is announced
 *       to this node's key ({@link KeyExchange}), and is bound to that node's id and key. A node id
 *       stays bound to the first key that announced it until the node is forgotten.</li>
 * </ul>
 * Thread-safe.
 */
public final class KeyPairKeys implements MeshAuthenticator, SealKeys {

    private static final byte[] SALT = "skein mesh key pairs v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSIONS = 8192;
    private static final int TAG_BITS = 128;
    /** The size of one wrapped session key: a 12-byte nonce, then 32 bytes of ciphertext and a 16-byte tag. */
    static final int WRAPPED = 12 + 32 + 16;

    private final KeyPair own;
    private final int ownId;
    private final TrustedKeys trusted;
    private final String namespace;
    /** Per trusted key: the pairwise master key, and the keys expanded from it for wrapping session keys and for frames to one node. */
    private final Map<Integer, PairKeys> pairKeys = new ConcurrentHashMap<>();
    private final Map<String, SecretKeySpec> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> nodeKeys = new ConcurrentHashMap<>();
    /** How many node ids each key speaks for now. */
    private final Map<Integer, AtomicInteger> idsPerKey = new ConcurrentHashMap<>();
    /** The most node ids one key may speak for at once (copies of a service share a key). */
    static final int MAX_IDS_PER_KEY = 4096;
    /** Per recipient node: the key this node's session seals frames for it alone with. */
    private final Map<String, SecretKeySpec> directKeys = new ConcurrentHashMap<>();
    private volatile byte[] ownSessionKey;
    private volatile byte[] ownSessionId;

    /**
     * Session keys of a node holding its own key pair, for mesh {@code namespace}.
     *
     * @throws IllegalArgumentException when {@code credentials} are not key-pair credentials
     */
    public KeyPairKeys(MeshCredentials credentials, String namespace) {

        if (!credentials.isKeyPair()) throw new IllegalArgumentException("not key-pair credentials");
        this.own = credentials.nodeKeyPair();
        this.ownId = TrustedKeys.keyId(own.getPublic());
        this.trusted = credentials.trustedKeys();
        this.namespace = namespace;
    }

    // ---- proofs ----------------------------------------------------------------------------------

    @Override
    public int keyId() {
        return ownId;
    }

    @Override
    public boolean accepts(int keyId) {
        return trusted.entry(keyId) != null;
    }

    @Override
    public byte[] prove(String purpose, byte[] message) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(own.getPrivate(), RANDOM);
            s.update(signed(purpose, message));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this node's key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(String purpose, int keyId, byte[] message, byte[] proof) {
        TrustedKeys.Entry entry = trusted.entry(keyId);
        if (entry == null || proof == null || proof.length != 64) return false;
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(entry.key());
            s.update(signed(purpose, message));
            return s.verify(proof);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] signed(String purpose, byte[] message) {
        byte[] p = ("skein " + purpose + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(p, p.length + message.length);
        System.arraycopy(message, 0, all, p.length, message.length);
        return all;
    }

    @Override
    public byte[] nonce(int length) {
        byte[] n = new byte[length];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The identities (name and roles) the trusted key {@code keyId} gives its holder; empty when unknown or unnamed. */
    public Set<String> identities(int keyId) {
        TrustedKeys.Entry e = trusted.entry(keyId);
        if (e == null || e.name().isEmpty()) return Set.of();
        return e.identities();
    }

    /** Every trusted key id, this node's own among them. */
    Iterable<TrustedKeys.Entry> trusted() {
        return trusted.entries();
    }

    // ---- session keys ----------------------------------------------------------------------------

    @Override
    public SecretKeySpec ownSessionKey(byte[] sessionId, String nodeId) {
        byte[] key = nonce(32);
        ownSessionKey = key;
        ownSessionId = sessionId.clone();
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        sessions.put(ref(ownId, sessionId, nodeId), spec);
        nodeKeys.put(nodeId, ownId);
        return spec;
    }

    @Override
    public SecretKeySpec sessionKey(int keyId, byte[] sessionId, String sender) throws MalformedFrameException {
        if (!accepts(keyId)) throw new MalformedFrameException("sealed with a key this node does not trust (key id " + dev.skein.mesh.TrustedKeys.keyIdText(keyId) + ")");
        SecretKeySpec key = sessions.get(ref(keyId, sessionId, sender));
        if (key == null) throw new UnknownSessionException(keyId, sessionId, sender);
        return key;
    }

    /**
     * Learns the key of session {@code sessionId} of node {@code sender}, announced under trusted key
     * {@code keyId}.
     *
     * @return false when the node id is bound to another key (a node speaking in another's name)
     */
    boolean install(int keyId, byte[] sessionId, String sender, byte[] key) {
        Integer bound = nodeKeys.get(sender);
        if (bound == null) {
            // a binding is never evicted while its node lives (that would free its id for another key);
            // instead each key may speak for a bounded number of node ids
            AtomicInteger ids = idsPerKey.computeIfAbsent(keyId, k -> new AtomicInteger());
            if (ids.incrementAndGet() > MAX_IDS_PER_KEY) {
                ids.decrementAndGet();
                return false;
            }
            bound = nodeKeys.putIfAbsent(sender, keyId);
            if (bound != null) ids.decrementAndGet();
            else bound = keyId;
        }
        if (bound != keyId) return false;
        if (sessions.size() >= MAX_SESSIONS) sessions.keySet().removeIf(k -> RANDOM.nextInt(4) == 0); // a session forgotten is asked for again
        sessions.putIfAbsent(ref(keyId, sessionId, sender), new SecretKeySpec(key, "AES"));
        return true;
    }

    /** The id of this node's session (after {@link #ownSessionKey}). */
    byte[] ownSessionId() {
        return ownSessionId.clone();
    }

    /** Whether the key of this session is known here. */
    boolean knows(int keyId, byte[] sessionId, String sender) {
        return sessions.containsKey(ref(keyId, sessionId, sender));
    }

    @Override
    public SecretKeySpec ownDirectKey(byte[] sessionId, String nodeId, String recipient) {
        SecretKeySpec key = directKeys.get(recipient);
        if (key != null) return key;
        if (recipient.startsWith(dev.skein.mesh.spi.ServiceQueues.RECIPIENT_PREFIX)) return null; // any instance of a service
        Integer recipientKey = nodeKeys.get(recipient);
        if (recipientKey == null) return null; // not heard yet: the session key, as for every node
        key = direct(recipientKey, sessionId, nodeId, recipient);
        if (directKeys.size() >= MAX_SESSIONS) directKeys.clear();
        directKeys.put(recipient, key);
        return key;
    }

    @Override
    public SecretKeySpec directKey(int keyId, byte[] sessionId, String sender, String recipient) throws MalformedFrameException {
        if (!accepts(keyId)) throw new MalformedFrameException("sealed with a key this node does not trust (key id " + dev.skein.mesh.TrustedKeys.keyIdText(keyId) + ")");
        return direct(keyId, sessionId, sender, recipient);
    }

    /** {@code HKDF(K_ab, salt = session id, info = "direct|" + sender + "|" + recipient)}: only the two ends' keys make it. */
    private SecretKeySpec direct(int peerKey, byte[] sessionId, String sender, String recipient) {
        byte[] k = Hkdf.derive(pairKey(peerKey).direct, sessionId, ("direct|" + sender + "|" + recipient).getBytes(StandardCharsets.UTF_8), 32);
        return new SecretKeySpec(k, "AES");
    }

    /** The id of the key node {@code nodeId} is bound to (the key that announced its session), or null when none is. */
    public Integer keyOf(String nodeId) {
        return nodeKeys.get(nodeId);
    }

    /** Node {@code nodeId} is gone: its id may be announced again, under another key. */
    public void forget(String nodeId) {
        directKeys.remove(nodeId);
        Integer keyId = nodeKeys.remove(nodeId);
        if (keyId != null) {
            AtomicInteger ids = idsPerKey.get(keyId);
            if (ids != null) ids.decrementAndGet();
        }
        if (keyId != null) sessions.keySet().removeIf(k -> k.endsWith("|" + nodeId) && k.startsWith(dev.skein.mesh.TrustedKeys.keyIdText(keyId) + "|"));
    }

    private static String ref(int keyId, byte[] sessionId, String node) {
        return dev.skein.mesh.TrustedKeys.keyIdText(keyId) + "|" + HexFormat.of().formatHex(sessionId) + "|" + node;
    }

    // ---- wrapping session keys for one trusted key -------------------------------------------------

    /** This node's session key wrapped for the holders of trusted key {@code recipient}, bound to {@code aad}. */
    byte[] wrapOwnSessionFor(int recipient, byte[] aad) {
        byte[] nonce = nonce(12);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, pairKey(recipient).wrap, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] out = Arrays.copyOf(nonce, WRAPPED);
            c.doFinal(ownSessionKey, 0, 32, out, 12);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a session key: " + e.getMessage(), e);
        }
    }

    /** A session key that trusted key {@code sender}'s holder wrapped for this node's key, or null when it does not open. */
    byte[] unwrapFrom(int sender, byte[] wrapped, int offset, byte[] aad) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, pairKey(sender).wrap, new GCMParameterSpec(TAG_BITS, wrapped, offset, 12));
            c.updateAAD(aad);
            return c.doFinal(wrapped, offset + 12, WRAPPED - 12);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private record PairKeys(SecretKeySpec wrap, byte[] direct) {
    }

    private PairKeys pairKey(int keyId) {
        return pairKeys.computeIfAbsent(keyId, id -> {
            TrustedKeys.Entry peer = trusted.entry(id);
            if (peer == null) throw new IllegalArgumentException("no trusted key " + dev.skein.mesh.TrustedKeys.keyIdText(id));
            try {
                KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
                ecdh.init(own.getPrivate());
                ecdh.doPhase(peer.key(), true);
                byte[] shared = ecdh.generateSecret();
                String a = fingerprint(own.getPublic().getEncoded());
                String b = fingerprint(peer.key().getEncoded());
                String info = "pair|" + namespace + "|" + (a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
                byte[] master = Hkdf.derive(shared, SALT, info.getBytes(StandardCharsets.UTF_8), 32);
                Arrays.fill(shared, (byte) 0);
                return new PairKeys(new SecretKeySpec(Hkdf.expand(master, "purpose|wrap".getBytes(StandardCharsets.UTF_8), 32), "AES"),
                        Hkdf.expand(master, "purpose|direct".getBytes(StandardCharsets.UTF_8), 32));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot agree a key with trusted key " + dev.skein.mesh.TrustedKeys.keyIdText(id) + ": " + e.getMessage(), e);
            }
        });
    }

    private static String fingerprint(byte[] encoded) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
