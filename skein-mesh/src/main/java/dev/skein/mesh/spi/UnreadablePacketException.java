package dev.skein.mesh.spi;

/**
 * A frame whose packet could not be read whole, with what was read of it before the fault: for a
 * request whose sender and id came through, enough for the mesh to answer that caller with an
 * error at once instead of leaving it to its timeout (and to keep the connection, which carries
 * other callers' calls).
 */
public class UnreadablePacketException extends MalformedFrameException {

    /** The packet's type, or null when it was not read. */
    private final Packet.Type type;
    /** The sender it named, or null when it was not read. */
    private final String from;
    /** Its id, or 0 when it was not read. */
    private final long id;


    /** A packet that failed to read for {@code cause}; {@code type} and {@code from} are {@code null}, and {@code id} 0, when not read. */
    public UnreadablePacketException(String message, Throwable cause, Packet.Type type, String from, long id) {

        super(message, cause);
        this.type = type;
        this.from = from;
        this.id = id;
    }

    /** The packet's type, or null when it was not read. */
    public Packet.Type type() {
        return type;
    }

    /** The sender it named, or null when it was not read. */
    public String from() {
        return from;
    }

    /** Its id, or 0 when it was not read. */
    public long id() {
        return id;
    }
}
