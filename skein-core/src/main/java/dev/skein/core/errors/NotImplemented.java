package dev.skein.core.errors;

/** 501 NotImplemented: The server does not implement this. */
public class NotImplemented extends SkeinError {

    /** Makes the error with a message for the caller, and no data, detail or cause. */
    public NotImplemented(String message) {
        this(message, null, null, null);
    }

    /** Makes the error with a message and extra JSON-shaped data for the caller ({@code null} for none). */
    public NotImplemented(String message, Object data) {
        this(message, data, null, null);
    }

    /** Makes the error with a message, extra data and JSON-shaped validation errors or other detail; either may be {@code null}. */
    public NotImplemented(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    /**
     * Makes the error with a message, data, detail and the exception that caused it; the cause stays
     * on this node (the JSON form leaves it out). A {@code null} message becomes the empty string.
     */
    public NotImplemented(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 501;
    }
}
