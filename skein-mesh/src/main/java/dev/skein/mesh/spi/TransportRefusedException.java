package dev.skein.mesh.spi;

import java.io.IOException;

/**
 * A transport could not start, and trying again will not help: the broker refused the
 * credentials, or its certificate is not trusted. A mesh that waits for its transport
 * ({@code waitForTransport}) gives up at once on this failure instead of retrying until its
 * discovery timeout.
 */
public class TransportRefusedException extends IOException {

    /** A refusal, with the message that names the broker and what it refused, and the client's own error. */
    public TransportRefusedException(String message, Throwable cause) {

        super(message, cause);
    }
}
