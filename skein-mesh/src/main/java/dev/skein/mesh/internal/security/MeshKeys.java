package dev.skein.mesh.internal.security;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.MeshAuthenticator;

import javax.crypto.spec.SecretKeySpec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of one node's mesh credentials in one namespace. Each secret gives a master key
 * (HKDF, salted with the protocol's name, bound to the namespace), identified by a 32-bit key id;
 * each use of it (handshake proofs, beacons, packet seals) has its own key expanded from the
 * master, so that no key serves two purposes. The first secret is current; the others are
 * accepted. Thread-safe.
 */
public final class MeshKeys implements MeshAuthenticator, SealKeys {

    private static final String FRAME_PURPOSE = "frame";

    private static final byte[] SALT = "skein mesh credentials v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Key> keys = new ArrayList<>();

    /** One secret's master key, its id and the keys derived from it per purpose. */
    static final class Key {
        final int id;
        private final byte[] master;
        private final Map<String, byte[]> purposes = new ConcurrentHashMap<>();

        Key(byte[] secret, String namespace) {
            this.master = Hkdf.derive(secret, SALT, ("master|" + namespace).getBytes(StandardCharsets.UTF_8), 32);
            this.id = ByteBuffer.wrap(Hkdf.mac(master).doFinal("key id".getBytes(StandardCharsets.UTF_8))).getInt();
        }

        byte[] forPurpose(String purpose) {
            return purposes.computeIfAbsent(purpose, p -> Hkdf.expand(master, ("purpose|" + p).getBytes(StandardCharsets.UTF_8), 32));
        }
    }

    /** Keys derived from every secret of {@code credentials} for mesh {@code namespace}; the copies of the secrets it reads are wiped once derived. */

    public MeshKeys(MeshCredentials credentials, String namespace) {

        for (byte[] secret : credentials.secrets()) {
            Key key = new Key(secret, namespace);
            java.util.Arrays.fill(secret, (byte) 0);
            if (keys.stream().noneMatch(k -> k.id == key.id)) keys.add(key);
        }
    }

    Key current() {
        return keys.get(0);
    }

    /** The accepted key with this id, or null. */
    Key key(int id) {
        for (Key k : keys) if (k.id == id) return k;
        return null;
    }

    @Override
    public int keyId() {
        return current().id;
    }

    @Override
    public boolean accepts(int keyId) {
        return key(keyId) != null;
    }

    @Override
    public byte[] prove(String purpose, byte[] message) {
        return Hkdf.mac(current().forPurpose(purpose)).doFinal(message);
    }

    @Override
    public boolean verify(String purpose, int keyId, byte[] message, byte[] proof) {
        Key key = key(keyId);
        if (key == null || proof == null) return false;
        return MessageDigest.isEqual(Hkdf.mac(key.forPurpose(purpose)).doFinal(message), proof);
    }

    @Override
    public SecretKeySpec ownSessionKey(byte[] sessionId, String nodeId) {
        return sessionKey(current(), sessionId, nodeId);
    }

    @Override
    public SecretKeySpec sessionKey(int keyId, byte[] sessionId, String sender) throws MalformedFrameException {
        Key key = key(keyId);
        if (key == null) throw new MalformedFrameException("sealed with a secret this node does not accept (key id " + Integer.toHexString(keyId) + ")");
        return sessionKey(key, sessionId, sender);
    }

    private static SecretKeySpec sessionKey(Key key, byte[] sessionId, String node) {
        byte[] k = Hkdf.derive(key.forPurpose(FRAME_PURPOSE), sessionId, ("session|" + node).getBytes(StandardCharsets.UTF_8), 32);
        return new SecretKeySpec(k, "AES");
    }

    @Override
    public byte[] nonce(int length) {
        byte[] n = new byte[length];
        RANDOM.nextBytes(n);
        return n;
    }
}
