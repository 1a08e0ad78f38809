package dev.skein.core.errors;

/**
 * The base of the error classes {@link ErrorKind} lists: the code comes from the kind, so each class
 * holds only its constructors.
 */
abstract class KnownError extends SkeinError {

    private final ErrorKind kind;

    KnownError(ErrorKind kind, String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
        this.kind = kind;
    }

    @Override
    public int code() {
        return kind.code();
    }
}
