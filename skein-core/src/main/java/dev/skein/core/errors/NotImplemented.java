package dev.skein.core.errors;

/** 501 NotImplemented: The server does not implement this. */
public class NotImplemented extends SkeinError {

    public NotImplemented(String message) {
        this(message, null, null, null);
    }

    public NotImplemented(String message, Object data) {
        this(message, data, null, null);
    }

    public NotImplemented(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public NotImplemented(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 501;
    }
}
