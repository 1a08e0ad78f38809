package dev.skein.mesh.spi;

/** A frame that is garbage, too large or of another protocol version. The receiver drops it (or the connection) and logs one line. */
public class MalformedFrameException extends Exception {

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
