package dev.skein.mesh.tcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.mesh.spi.MeshAuthenticator;
import dev.skein.mesh.spi.TransportContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handshake of one tcp connection, from this node's side. Both ends send a hello naming their
 * namespace, node id and address as soon as the connection is up. Without mesh credentials that
 * is all: the peer is admitted when its hello fits. With credentials each hello also carries a
 * fresh random nonce and the id of the sender's key; on the peer's hello each end answers with a
 * proof, an HMAC under the mesh's handshake key of its own hello's fields and the peer's nonce, and
 * admits the peer once the peer's proof checks. The secret never travels, a proof is good for one
 * connection only (the nonces), and neither end can reflect the other's proof (the prover's id
 * comes first). Not thread-safe: one connection's event loop drives it.
 */
final class Handshake {

    /** The largest frame accepted before the handshake is through: hellos and proofs are far smaller. */
    static final int MAX_FRAME = 4096;
    static final String PURPOSE = "handshake";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NONCE_BYTES = 32;
    /** The longest node id accepted in a hello (ids are an app name, a dash and 8 characters). */
    static final int MAX_NODE_ID = 200;

    private final TransportContext context;
    private final MeshAuthenticator auth;
    private final String advertised;
    /** Whether this end opened the connection: each proof names its prover's role, so a proof made on one connection cannot be relayed to another. */
    private final boolean dialer;
    private final byte[] nonce;
    private String peer;
    private String peerAddress;
    private int peerKey;
    private byte[] peerNonce;

    /** What the handshake asks the connection to do after a frame. */
    sealed interface Step permits Reply, Admit, Refuse {
    }

    /** Send this frame and wait for the next. */
    record Reply(byte[] frame) implements Step {
    }

    /** The peer is who it says: {@code address} is where it listens (null if unknown). */
    record Admit(String peer, String address) implements Step {
    }

    /**
     * Close the connection; {@code warn} says whether the reason deserves a warning rather than a
     * debug line, and {@code kind} names the reason in a few words chosen here (never by the peer),
     * for limiting log lines.
     */
    record Refuse(String kind, String reason, boolean warn) implements Step {
    }

    Handshake(TransportContext context, String advertised, boolean dialer) {
        this.context = context;
        this.dialer = dialer;
        this.auth = context.authenticator();
        this.advertised = advertised;
        this.nonce = auth == null ? null : auth.nonce(NONCE_BYTES);
    }

    /** This node's hello, the first frame it sends. */
    byte[] hello() {
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("skein", TcpTransport.HANDSHAKE_VERSION);
        hello.put("ns", context.namespace());
        hello.put("node", context.nodeId());
        hello.put("addr", advertised);
        if (auth != null) {
            hello.put("kid", auth.keyId());
            hello.put("nonce", Base64.getEncoder().encodeToString(nonce));
        }
        return json(hello);
    }

    /** The next frame of the peer, until it is admitted or refused. */
    Step receive(byte[] frame) {
        Map<?, ?> message;
        try {
            message = JSON.readValue(frame, Map.class);
        } catch (IOException e) {
            return new Refuse("not a handshake", "the first frame is not a Skein handshake", true);
        }
        return peer == null ? onHello(message) : onProof(message);
    }

    private Step onHello(Map<?, ?> hello) {
        Object version = hello.get("skein");
        if (!(version instanceof Number n) || n.intValue() != TcpTransport.HANDSHAKE_VERSION) {
            return new Refuse("version", "handshake version " + printable(version) + " is not " + TcpTransport.HANDSHAKE_VERSION, true);
        }
        String ns = String.valueOf(hello.get("ns"));
        Object node = hello.get("node");
        if (!context.namespace().equals(ns) || node == null || context.nodeId().equals(node)) {
            if (!context.namespace().equals(ns) && hello.get("ns") instanceof String other) context.listener().onOtherNamespace(printable(other));
            return new Refuse("namespace", "namespace " + printable(ns) + ", node " + printable(node), false);
        }
        if (!(node instanceof String id) || id.length() > MAX_NODE_ID || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return new Refuse("node id", "a node id must be a string of at most " + MAX_NODE_ID + " printable characters", true);
        }
        String address = hello.get("addr") == null ? null : String.valueOf(hello.get("addr"));
        boolean offersProof = hello.get("nonce") != null;
        if (auth == null) {
            if (offersProof) return refusedFor(node, "requires credentials", "node " + node + " requires mesh credentials and this node has none");
            return new Admit(String.valueOf(node), address);
        }
        if (!offersProof || !(hello.get("kid") instanceof Number kid)) {
            return refusedFor(node, "no credentials", "node " + node + " holds no mesh credentials");
        }
        if (!auth.accepts(kid.intValue())) {
            return refusedFor(node, "unaccepted key", "node " + node + " proves with a mesh secret or key this node does not accept (key id "
                    + dev.skein.mesh.TrustedKeys.keyIdText(kid.intValue()) + ")");
        }
        byte[] theirNonce = decode(hello.get("nonce"));
        if (theirNonce == null || theirNonce.length != NONCE_BYTES) return new Refuse("bad nonce", "node " + node + " sent a malformed nonce", true);
        this.peer = String.valueOf(node);
        this.peerAddress = address;
        this.peerKey = kid.intValue();
        this.peerNonce = theirNonce;
        byte[] proof = auth.prove(PURPOSE, transcript(dialer, context.nodeId(), advertised, nonce, peer, peerNonce));
        return new Reply(json(Map.of("proof", Base64.getEncoder().encodeToString(proof))));
    }

    private Step onProof(Map<?, ?> message) {
        byte[] proof = decode(message.get("proof"));
        if (proof == null || !auth.verify(PURPOSE, peerKey, transcript(!dialer, peer, peerAddress, peerNonce, context.nodeId(), nonce), proof)) {
            return refusedFor(peer, "failed proof", "node " + peer + " failed the mesh credentials challenge (wrong secret or key, or not a Skein node)");
        }
        return new Admit(peer, peerAddress);
    }

    /** Refuses node {@code node} for its mesh credentials, and tells the mesh, which names it when a call finds no instance. */
    private Refuse refusedFor(Object node, String kind, String reason) {
        context.listener().onPeerRefused(printable(node), reason);
        return new Refuse(kind, reason, true);
    }

    /** What a prover's proof covers: its role on this connection, its own hello's fields, then the verifier's id and nonce. */
    private byte[] transcript(boolean proverDialed, String prover, String proverAddress, byte[] proverNonce, String verifier,
                              byte[] verifierNonce) {
        Base64.Encoder b64 = Base64.getEncoder();
        return String.join("\n", "skein handshake v" + TcpTransport.HANDSHAKE_VERSION, proverDialed ? "dialer" : "listener",
                context.namespace(), prover,
                String.valueOf(proverAddress), b64.encodeToString(proverNonce), verifier, b64.encodeToString(verifierNonce))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A value a peer chose, made safe for one log line: no control characters, at most 80 characters. */
    static String printable(Object value) {
        String s = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static byte[] decode(Object base64) {
        if (!(base64 instanceof String s)) return null;
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] json(Map<String, Object> message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
