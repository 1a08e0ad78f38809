package dev.skein.mesh.spi;

import java.util.Map;

/**
 * One message of the Skein wire protocol (see {@code docs/PROTOCOL.md}). A packet is built by the
 * mesh, turned into a frame by a {@link Codec} and moved by a {@link Transport}. Fields a type does
 * not use are {@code null} (or 0). Not thread-safe while being filled; treat as immutable once sent.
 */
public final class Packet {

    /** The protocol version this code speaks; a frame of another version is refused. */
    public static final int VERSION = 1;

    /** Packet types, with their wire names. */
    public enum Type {
        /** A node's identity and services; sent on joining, to a new peer, and when services change. */
        HELLO("hello"),
        /** A node's liveness and health, every heartbeat interval. */
        HEARTBEAT("beat"),
        /** A node leaves the mesh on purpose. */
        LEAVE("leave"),
        /** A service call. */
        REQUEST("req"),
        /** The answer to a request: a result or an error. */
        RESPONSE("res"),
        /** A service event. */
        EVENT("evt"),
        /** The caller gave up on a request; the callee may stop working on it. */
        CANCEL("cancel");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** The packet type's name on the wire, e.g. {@code request}. */
        public String wire() {
            return wire;
        }

        /** Every type, made once: {@code values()} copies its array at each call, and each frame read asks. */
        private static final Type[] ALL = values();

        /** The type with this wire name, or {@code null} for a name this version does not know. */
        public static Type ofWire(String wire) {
            for (Type t : ALL) {
                if (t.wire.equals(wire)) return t;
            }
            return null;
        }
    }

    /** What the packet is; every packet has one. */
    public Type type;
    /** Id of the sending node. */
    public String from;
    /** Free headers (node authentication and trace context will travel here). */
    public Map<String, Object> headers;
    /** Request id, unique per sender: REQUEST, RESPONSE, CANCEL. */
    public long id;
    /**
     * Service path: REQUEST, EVENT. A codec fills it as it arrived; the mesh then refuses a packet
     * whose path is not canonical ({@code dev.skein.core.ServicePath}), never repairing it.
     */
    public String path;
    /** Method name: REQUEST. */
    public String method;
    /** Item id of the call, or null: REQUEST. */
    public Object itemId;
    /** Call data (REQUEST), result (RESPONSE) or event payload (EVENT). */
    public Object data;
    /** Params that cross the wire (see {@code Params.WIRE_FIELDS}): REQUEST. */
    public Map<String, Object> params;
    /** Milliseconds the caller still waits: REQUEST. */
    public long ttl;
    /** The error in its JSON form: RESPONSE. */
    public Map<String, Object> error;
    /** Event name: EVENT. */
    public String event;
    /** Per-sender sequence number: EVENT, HEARTBEAT, HELLO. */
    public long seq;
    /** The node's description (namespace, services, health): HELLO, HEARTBEAT. */
    public Map<String, Object> node;

    /** An empty packet, for codecs to fill. */
    public Packet() {
    }

    /** A packet of {@code type} sent by node {@code from}; the caller fills the fields its type uses. */
    public Packet(Type type, String from) {

        this.type = type;
        this.from = from;
    }

    @Override
    public String toString() {
        return "Packet{" + type + " from=" + from + (id != 0 ? " id=" + id : "") + (path != null ? " path=" + path : "")
                + (method != null ? " method=" + method : "") + (event != null ? " event=" + event : "") + "}";
    }
}
