package dev.skein.core.errors;

/** 429 TooManyRequests: The caller sent too many requests. */
public class TooManyRequests extends KnownError {

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

    /** As {@link SkeinError#SkeinError(String, Object, Object, Throwable)}: the cause stays on this node; a {@code null} message becomes the empty string. */
    public TooManyRequests(String message, Object data, Object errors, Throwable cause) {
        super(ErrorKind.TOO_MANY_REQUESTS, message, data, errors, cause);
    }
}
