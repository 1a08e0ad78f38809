package dev.skein.core.errors;

/** 429 TooManyRequests: The caller sent too many requests. */
public class TooManyRequests extends SkeinError {

    /** Makes the error with a message for the caller, and no data, detail or cause. */
    public TooManyRequests(String message) {
        this(message, null, null, null);
    }

    /** Makes the error with a message and extra JSON-shaped data for the caller ({@code null} for none). */
    public TooManyRequests(String message, Object data) {
        this(message, data, null, null);
    }

    /** Makes the error with a message, extra data and JSON-shaped validation errors or other detail; either may be {@code null}. */
    public TooManyRequests(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    /**
     * Makes the error with a message, data, detail and the exception that caused it; the cause stays
     * on this node (the JSON form leaves it out). A {@code null} message becomes the empty string.
     */
    public TooManyRequests(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 429;
    }
}
