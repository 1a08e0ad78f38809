package dev.skein.mesh.spi;

/** A frame that is garbage, too large or of another protocol version. The receiver drops it (or the connection) and logs one line. */
public class MalformedFrameException extends Exception {

    /** A frame refused for the reason {@code message} gives. */
    public MalformedFrameException(String message) {
        super(message);
    }

    /** A frame refused for the reason {@code message} gives, found by {@code cause} (a parser's error, say). */
    public MalformedFrameException(String message, Throwable cause) {

        super(message, cause);
    }
}
