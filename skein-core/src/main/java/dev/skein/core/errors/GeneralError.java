package dev.skein.core.errors;

/** 500 GeneralError: An unexpected failure; the caller sees no internal detail. */
public class GeneralError extends KnownError {

    /** Makes the error with a message for the caller, and no data, detail or cause. */
    public GeneralError(String message) {
        this(message, null, null, null);
    }

    /** Makes the error with a message and extra JSON-shaped data for the caller ({@code null} for none). */
    public GeneralError(String message, Object data) {
        this(message, data, null, null);
    }

    /** Makes the error with a message, extra data and JSON-shaped validation errors or other detail; either may be {@code null}. */
    public GeneralError(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    /** As {@link SkeinError#SkeinError(String, Object, Object, Throwable)}: the cause stays on this node; a {@code null} message becomes the empty string. */
    public GeneralError(String message, Object data, Object errors, Throwable cause) {
        super(ErrorKind.GENERAL_ERROR, message, data, errors, cause);
    }
}
