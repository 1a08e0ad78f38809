package dev.skein.mesh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The public keys a node trusts, each with the identity it gives its holder: a name and roles,
 * which the mesh's {@link Access} rules read. The key-pair kind of {@link MeshCredentials}: a node
 * admits, hears and serves only nodes whose key is listed here (or is its own).
 *
 * <p>Keys are EC P-256 public keys. In a file, one per line: the key (base64 of its X.509
 * SubjectPublicKeyInfo, what {@code skein keygen} prints and {@code openssl pkey -pubout} writes
 * between the PEM lines), the name, then roles separated by commas; {@code #} starts a comment.
 *
 * <pre>
 * # key                                                            name      roles
 * MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3f...                         orders-1  orders,writer
 * </pre>
 *
 * <p>To replace a node's key, list the old and the new one together, move the node to its new key,
 * then remove the old one. Immutable and thread-safe.
 */
public final class TrustedKeys {

    private final Map<Integer, Entry> byKeyId;

    /**
     * One trusted key: the key, its id (the first 4 bytes of the SHA-256 of its encoding), and the identity it gives.
     *
     * @param key   the node's P-256 public key
     * @param keyId the key's id, {@link TrustedKeys#keyId(PublicKey)}
     * @param name  the identity its holder speaks for ("" for a node's own key when it is not listed)
     * @param roles further identities, matched by {@link Access} rules as the name is
     */
    public record Entry(PublicKey key, int keyId, String name, Set<String> roles) {
        /** Checks that {@code key} and {@code name} are not {@code null} and copies {@code roles}. */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(name, "name");
            roles = Set.copyOf(roles);
        }

        /** The name and the roles: what {@link Access} rules match. */
        public Set<String> identities() {
            Set<String> all = new LinkedHashSet<>();
            all.add(name);
            all.addAll(roles);
            return Set.copyOf(all);
        }
    }

    private TrustedKeys(Map<Integer, Entry> byKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /** A builder with no keys; {@link Builder#build()} needs at least one. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trusted keys from a file (the format above).
     *
     * @throws IllegalArgumentException naming the file and the line when a line is not a P-256 public key and a name
     */
    public static TrustedKeys fromFile(Path file) {
        List<String> lines = SecretFiles.readTrusted(file, "the trusted keys file", StandardCharsets.UTF_8).lines().toList();
        Builder b = builder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] fields = line.split("\\s+");
            if (fields.length < 2 || fields.length > 3) {
                throw new IllegalArgumentException("the trusted keys file " + file + ", line " + (i + 1)
                        + ": expected a key, a name and optional roles separated by commas");
            }
            try {
                b.trust(publicKey(fields[0]), fields[1], fields.length == 3 ? fields[2].split(",") : new String[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the trusted keys file " + file + ", line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** The entry of the key with this id, or null. */
    public Entry entry(int keyId) {
        return byKeyId.get(keyId);
    }

    /** Every trusted key. */
    public List<Entry> entries() {
        return List.copyOf(byKeyId.values());
    }

    /** A copy that also trusts {@code key} (with no name or roles when it was not listed): a node always trusts its own key. */
    TrustedKeys withOwn(PublicKey key) {
        int id = keyId(key);
        if (byKeyId.containsKey(id)) return this;
        Map<Integer, Entry> all = new LinkedHashMap<>(byKeyId);
        all.put(id, new Entry(key, id, "", Set.of()));
        return new TrustedKeys(all);
    }

    /** A P-256 public key from the base64 of its X.509 encoding (PEM lines and whitespace are ignored). */
    public static PublicKey publicKey(String text) {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 public key");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            requireP256(key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key: " + e.getMessage());
        }
    }

    /** The text of a public key for a trusted keys file: the base64 of its X.509 encoding. */
    public static String text(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A key id as messages and {@code skein keygen} write it: always eight hex digits ({@code 0b38eed0}, never {@code b38eed0}). */
    public static String keyIdText(int keyId) {
        return String.format("%08x", keyId);
    }

    /** A key's id: the first 4 bytes of the SHA-256 of its X.509 encoding, as frames and handshakes name it. */
    public static int keyId(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static final java.security.spec.ECParameterSpec P256 = p256();

    private static java.security.spec.ECParameterSpec p256() {
        try {
            java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
            p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(java.security.spec.ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no P-256 curve", e);
        }
    }

    static void requireP256(java.security.Key key) {
        boolean p256 = key instanceof java.security.interfaces.ECKey ec && ec.getParams().getCurve().equals(P256.getCurve())
                && ec.getParams().getGenerator().equals(P256.getGenerator()) && ec.getParams().getOrder().equals(P256.getOrder());
        if (!p256) {
            throw new IllegalArgumentException("a mesh key must be an EC key on the P-256 curve (secp256r1), got a "
                    + key.getAlgorithm() + " key" + (key instanceof ECPublicKey ? " on another curve" : ""));
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Entry e : byKeyId.values()) names.add(e.name() + "/" + keyIdText(e.keyId()));
        return "TrustedKeys" + names;
    }

    /** Builds {@link TrustedKeys} key by key; not thread-safe. */
    public static final class Builder {
        private final Map<Integer, Entry> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Trusts {@code key}, whose holder gets identity {@code name} and these roles. */
        public Builder trust(PublicKey key, String name, String... roles) {
            requireP256(key);
            if (name == null || name.isBlank() || name.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == ',')) {
                throw new IllegalArgumentException("a trusted key's name must be a word without spaces or commas, got '" + name + "'");
            }
            Set<String> r = new LinkedHashSet<>();
            for (String role : roles) if (!role.isBlank()) r.add(role.trim());
            int id = keyId(key);
            Entry before = entries.get(id);
            if (before != null && !before.key().equals(key)) {
                throw new IllegalArgumentException("two trusted keys share the key id " + keyIdText(id) + " (" + before.name() + ", " + name + ")");
            }
            entries.put(id, new Entry(key, id, name, r));
            return this;
        }

        /**
         * The trusted keys.
         *
         * @throws IllegalArgumentException when no key was trusted
         */
        public TrustedKeys build() {

            if (entries.isEmpty()) throw new IllegalArgumentException("trusted keys need at least one key");
            return new TrustedKeys(entries);
        }
    }
}
