package dev.skein.cli;

/**
 * An option value found wrong only once the command used it (a transport URI no transport takes, a
 * malformed seed address, an unreadable key file): bad usage, exit code 2, as picocli's own checks.
 */
final class InvalidOptionException extends RuntimeException {

    InvalidOptionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What {@code body} makes from the options; an IllegalArgumentException or an unreadable file on the way is bad usage. */
    static <T> T checking(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new InvalidOptionException(e.getMessage(), e);
        }
    }
}
