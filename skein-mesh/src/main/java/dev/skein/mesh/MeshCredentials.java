package dev.skein.mesh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a node must hold to belong to a mesh (happner-cluster's cluster credentials), of two kinds:
 * a shared mesh secret ({@link #secret}), or a node key pair with the public keys it trusts
 * ({@link #keyPair}). With credentials set ({@link Mesh.Builder#credentials}), a node ignores beacons it cannot
 * verify, admits a connection only after a mutual challenge-response that never sends the secret,
 * and seals every packet (AES-256-GCM under keys derived from the secret), so a party without the
 * secret can neither join, call, serve, hear events, nor inject or read packets through a broker.
 * See {@code docs/SECURITY.md}.
 *
 * <p><b>Rotation.</b> The first secret is the one this node proves and seals with; the others are
 * also accepted. To roll a secret over: give every node {@code (old, new)}, then {@code (new, old)},
 * then {@code (new)}.
 *
 * <p>Secrets come from the API, a file or an environment variable; never from a transport URI
 * (URIs get logged). Each must be at least {@value #MIN_SECRET_BYTES} bytes, e.g. the output of
 * {@code openssl rand -base64 32}. Immutable; {@link #toString()} never shows a secret.
 *
 * <p><b>Key pairs.</b> Each node holds an EC P-256 key pair and a list of {@link TrustedKeys}, each
 * with a name and roles. A node is admitted and heard only when its key is trusted; its identity for
 * {@link Access} rules is its key's name and roles, on every transport; a stolen key speaks only for
 * the nodes that hold it, and is revoked by removing it from the lists. Copies of one service may
 * share a key.
 */
public final class MeshCredentials {

    /** The shortest secret accepted: 256 bits, so that a recorded handshake cannot be brute-forced. */
    public static final int MIN_SECRET_BYTES = 32;
    /** The environment variable the CLI reads the mesh secret from. */
    public static final String ENVIRONMENT_VARIABLE = "SKEIN_MESH_SECRET";

    private final List<byte[]> secrets;
    private final KeyPair keyPair;
    private final TrustedKeys trusted;

    private MeshCredentials(KeyPair keyPair, TrustedKeys trusted) {
        this.secrets = List.of();
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        TrustedKeys.requireP256(keyPair.getPublic());
        TrustedKeys.requireP256(keyPair.getPrivate());
        requireMatching(keyPair);
        this.trusted = Objects.requireNonNull(trusted, "trusted").withOwn(keyPair.getPublic());
    }

    private MeshCredentials(List<byte[]> secrets) {
        this.keyPair = null;
        this.trusted = null;
        if (secrets.isEmpty()) throw new IllegalArgumentException("mesh credentials need at least one secret");
        for (byte[] s : secrets) {
            if (s.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("a mesh secret must be at least " + MIN_SECRET_BYTES + " bytes, got " + s.length
                        + "; make one with: openssl rand -base64 32");
            }
        }
        this.secrets = List.copyOf(secrets);
    }

    /** A shared secret (UTF-8), and others also accepted while a rotation is under way. */
    public static MeshCredentials secret(String current, String... alsoAccepted) {
        List<byte[]> all = new ArrayList<>();
        all.add(Objects.requireNonNull(current, "current").getBytes(StandardCharsets.UTF_8));
        for (String s : alsoAccepted) all.add(Objects.requireNonNull(s, "secret").getBytes(StandardCharsets.UTF_8));
        return new MeshCredentials(all);
    }

    /** A shared secret as bytes, and others also accepted while a rotation is under way. */
    public static MeshCredentials secret(byte[] current, byte[]... alsoAccepted) {
        List<byte[]> all = new ArrayList<>();
        all.add(Objects.requireNonNull(current, "current").clone());
        for (byte[] s : alsoAccepted) all.add(Objects.requireNonNull(s, "secret").clone());
        return new MeshCredentials(all);
    }

    /**
     * Secrets from a file: one per line, the current one first; blank lines and lines starting
     * with {@code #} are skipped, surrounding whitespace is trimmed.
     *
     * @throws IllegalArgumentException naming the file (never its content) when it holds no secret or a short one, or when
     *                                  others than its owner may read it ({@link SecretFiles})
     */
    public static MeshCredentials fromFile(Path file) {
        String text = SecretFiles.readSecret(file, "the mesh secret file", StandardCharsets.UTF_8);
        try {
            return fromText(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the mesh secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Secrets from an environment variable (several separated by commas, the current one first), or null when it is unset or blank. */
    public static MeshCredentials fromEnvironment(String variable) {
        String value = System.getenv(Objects.requireNonNull(variable, "variable"));
        if (value == null || value.isBlank()) return null;
        try {
            return fromText(value.replace(',', '\n'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the mesh secret in $" + variable + ": " + e.getMessage(), e);
        }
    }

    private static MeshCredentials fromText(String text) {
        List<byte[]> all = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String s = line.trim();
            if (!s.isEmpty() && !s.startsWith("#")) all.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return new MeshCredentials(all);
    }

    /**
     * A node key pair (EC P-256) and the keys it trusts; its own key is always trusted. Make one with
     * {@link #generateKeyPair()} or {@code skein keygen}.
     */
    public static MeshCredentials keyPair(KeyPair keyPair, TrustedKeys trusted) {
        return new MeshCredentials(keyPair, trusted);
    }

    /**
     * A key pair from a PEM file holding its {@code PRIVATE KEY} (PKCS#8) and its {@code PUBLIC KEY},
     * as {@link #writeKeyFile} and {@code skein keygen} write it, or as OpenSSL does with
     * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out node.key && openssl pkey -in node.key -pubout >> node.key};
     * and the keys it trusts from a {@link TrustedKeys} file. A key file others may read, or a trusted keys
     * file others may change, is refused ({@link SecretFiles}).
     */
    public static MeshCredentials fromKeyFiles(Path keyFile, Path trustedKeysFile) {
        return new MeshCredentials(KeyFiles.read(keyFile), TrustedKeys.fromFile(trustedKeysFile));
    }

    /** A new EC P-256 key pair from a strong random source. */
    public static KeyPair generateKeyPair() {
        return KeyFiles.generate();
    }

    /** Writes {@code keyPair} as PEM to {@code file}, readable by its owner only where the file system allows. */
    public static void writeKeyFile(KeyPair keyPair, Path file) {
        KeyFiles.write(keyPair, file);
    }

    private static void requireMatching(KeyPair pair) {
        try {
            byte[] probe = "skein key pair check".getBytes(StandardCharsets.UTF_8);
            java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
            s.initSign(pair.getPrivate());
            s.update(probe);
            byte[] signature = s.sign();
            s.initVerify(pair.getPublic());
            s.update(probe);
            if (s.verify(signature)) return;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use this key pair: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the private key and the public key of this key pair do not belong together");
    }

    /** Whether these are key-pair credentials rather than shared secrets. */
    public boolean isKeyPair() {
        return keyPair != null;
    }

    /** The node's key pair, or null for shared secrets. Keep the private key out of logs. */
    public KeyPair nodeKeyPair() {
        return keyPair;
    }

    /** The trusted keys (with this node's own), or null for shared secrets. */
    public TrustedKeys trustedKeys() {
        return trusted;
    }

    /** Copies of the secrets, the current one first (none for key-pair credentials). For the mesh's key derivation; keep them out of logs. */
    public List<byte[]> secrets() {
        List<byte[]> copy = new ArrayList<>();
        for (byte[] s : secrets) copy.add(s.clone());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeshCredentials other) || other.secrets.size() != secrets.size()) return false;
        if (!Objects.equals(keyPair == null ? null : keyPair.getPublic(), other.keyPair == null ? null : other.keyPair.getPublic())
                || !Objects.equals(trusted == null ? null : trusted.entries(), other.trusted == null ? null : other.trusted.entries())) {
            return false;
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (!java.security.MessageDigest.isEqual(secrets.get(i), other.secrets.get(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return secrets.size();
    }

    @Override
    public String toString() {
        if (keyPair != null) {
            return "MeshCredentials{key " + TrustedKeys.keyIdText(TrustedKeys.keyId(keyPair.getPublic())) + ", " + trusted.entries().size() + " trusted}";
        }
        return "MeshCredentials{" + secrets.size() + " secret(s), hidden}";
    }
}
