package dev.skein.mesh.spi;

/**
 * Proves and checks that a party holds the mesh's credentials, for a transport's own handshake and
 * discovery messages (the mesh seals packets itself). The mesh gives one to a transport through
 * {@link TransportContext#authenticator()} when credentials are set, and null otherwise.
 *
 * <p>Every proof is a MAC under a key derived from the mesh secret for one {@code purpose}
 * (a short constant such as {@code "handshake"} or {@code "beacon"}), so a proof made for one
 * purpose is worthless for another. Thread-safe.
 */
public interface MeshAuthenticator {

    /** The id of the key this node proves with (its current secret); tells a verifier which key to check with. */
    int keyId();

    /** Whether a proof made with key {@code keyId} can be checked here (this node accepts that secret). */
    boolean accepts(int keyId);

    /** This node's proof of {@code message} for {@code purpose}, with its current key. */
    byte[] prove(String purpose, byte[] message);

    /** Whether {@code proof} is a proof of {@code message} for {@code purpose} under key {@code keyId}; constant time. */
    boolean verify(String purpose, int keyId, byte[] message, byte[] proof);

    /** {@code length} random bytes from a strong source, for challenges. */
    byte[] nonce(int length);
}
