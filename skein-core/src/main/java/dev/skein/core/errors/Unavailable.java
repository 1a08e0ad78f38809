package dev.skein.core.errors;

/** 503 Unavailable: No instance can serve the call now. */
public class Unavailable extends SkeinError {

    public Unavailable(String message) {
        this(message, null, null, null);
    }

    public Unavailable(String message, Object data) {
        this(message, data, null, null);
    }

    public Unavailable(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public Unavailable(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 503;
    }
}
