package dev.skein.core.errors;

/** 406 NotAcceptable: The requested representation cannot be produced. */
public class NotAcceptable extends SkeinError {

    public NotAcceptable(String message) {
        this(message, null, null, null);
    }

    public NotAcceptable(String message, Object data) {
        this(message, data, null, null);
    }

    public NotAcceptable(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public NotAcceptable(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 406;
    }
}
