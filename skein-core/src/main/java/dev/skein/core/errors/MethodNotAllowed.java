package dev.skein.core.errors;

/** 405 MethodNotAllowed: The service does not offer this method. */
public class MethodNotAllowed extends KnownError {

    /** Makes the error with a message for the caller, and no data, detail or cause. */
    public MethodNotAllowed(String message) {
        this(message, null, null, null);
    }

    /** Makes the error with a message and extra JSON-shaped data for the caller ({@code null} for none). */
    public MethodNotAllowed(String message, Object data) {
        this(message, data, null, null);
    }

    /** Makes the error with a message, extra data and JSON-shaped validation errors or other detail; either may be {@code null}. */
    public MethodNotAllowed(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    /** As {@link SkeinError#SkeinError(String, Object, Object, Throwable)}: the cause stays on this node; a {@code null} message becomes the empty string. */
    public MethodNotAllowed(String message, Object data, Object errors, Throwable cause) {
        super(ErrorKind.METHOD_NOT_ALLOWED, message, data, errors, cause);
    }
}
