package dev.skein.mesh.internal.security;

import dev.skein.mesh.spi.MalformedFrameException;

import javax.crypto.spec.SecretKeySpec;

/**
 * Where {@link FrameSeal} gets its session keys: derived from a shared secret ({@link MeshKeys}),
 * or random per node and announced to each trusted key ({@link KeyPairKeys}). Thread-safe.
 */
public interface SealKeys {

    /** The id of the key this node seals under: its current secret's, or its own public key's. */
    int keyId();

    /** {@code length} random bytes from a strong source. */
    byte[] nonce(int length);

    /** The key of this node's own session {@code sessionId}. */
    SecretKeySpec ownSessionKey(byte[] sessionId, String nodeId);

    /**
     * The key of session {@code sessionId} of node {@code sender}, sealed under key {@code keyId}.
     *
     * @throws MalformedFrameException when {@code keyId} is not accepted here
     * @throws UnknownSessionException when the key is accepted but the session was not announced yet
     */
    SecretKeySpec sessionKey(int keyId, byte[] sessionId, String sender) throws MalformedFrameException;

    /**
     * The key for this node's session to seal a frame for {@code recipient} alone, so that other
     * holders of credentials cannot open it; null when frames for one node use the session key
     * (a shared secret gives every holder every key anyway, and a recipient whose key is not known yet).
     */
    default SecretKeySpec ownDirectKey(byte[] sessionId, String nodeId, String recipient) {
        return null;
    }

    /**
     * The key of frames that session {@code sessionId} of node {@code sender} (key {@code keyId})
     * sealed for {@code recipient} alone, this node.
     *
     * @throws MalformedFrameException when there is no such key here
     */
    default SecretKeySpec directKey(int keyId, byte[] sessionId, String sender, String recipient) throws MalformedFrameException {
        throw new MalformedFrameException("a frame sealed for one node alone, in a mesh of shared secrets");
    }

    /** A frame of a session whose key this node does not have yet: kept aside while the sender is asked for it. */
    final class UnknownSessionException extends FrameSeal.DroppedFrameException {
        /** The key the frame was sealed under. */
        private final int keyId;
        /** The id of the session whose key is missing. */
        private final byte[] sessionId;
        /** The node that sealed the frame. */
        private final String sender;


        /** A frame of session {@code sessionId} of node {@code sender}, sealed under key {@code keyId}; the session id is copied. */
        public UnknownSessionException(int keyId, byte[] sessionId, String sender) {
            super("a frame of node " + sender + " in a session whose key was not announced to this node");
            this.keyId = keyId;
            this.sessionId = sessionId.clone();
            this.sender = sender;
        }

        /** The key the frame was sealed under. */
        public int keyId() {
            return keyId;
        }

        /** A copy of the id of the session whose key is missing. */
        public byte[] sessionId() {
            return sessionId.clone();
        }

        /** The id of the node that sealed the frame. */
        public String sender() {

            return sender;
        }
    }
}
