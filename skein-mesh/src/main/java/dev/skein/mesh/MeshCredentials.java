package dev.skein.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a node must hold to belong to a mesh (happner-cluster's cluster credentials): a shared mesh
 * secret. With credentials set ({@link Mesh.Builder#credentials}), a node ignores beacons it cannot
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
 */
public final class MeshCredentials {

    /** The shortest secret accepted: 256 bits, so that a recorded handshake cannot be brute-forced. */
    public static final int MIN_SECRET_BYTES = 32;
    /** The environment variable the CLI reads the mesh secret from. */
    public static final String ENVIRONMENT_VARIABLE = "SKEIN_MESH_SECRET";

    private final List<byte[]> secrets;

    private MeshCredentials(List<byte[]> secrets) {
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
     * @throws IllegalArgumentException naming the file (never its content) when it holds no secret or a short one
     */
    public static MeshCredentials fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mesh secret file " + file + ": " + e.getMessage(), e);
        }
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

    /** Copies of the secrets, the current one first. For the mesh's key derivation; keep them out of logs. */
    public List<byte[]> secrets() {
        List<byte[]> copy = new ArrayList<>();
        for (byte[] s : secrets) copy.add(s.clone());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeshCredentials other) || other.secrets.size() != secrets.size()) return false;
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
        return "MeshCredentials{" + secrets.size() + " secret(s), hidden}";
    }
}
