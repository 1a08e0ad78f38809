package dev.skein.core.errors;

/** 409 Conflict: The request conflicts with the current state, e.g. a duplicate id. */
public class Conflict extends SkeinError {

    public Conflict(String message) {
        this(message, null, null, null);
    }

    public Conflict(String message, Object data) {
        this(message, data, null, null);
    }

    public Conflict(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public Conflict(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 409;
    }
}
