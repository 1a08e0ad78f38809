package dev.skein.core.errors;

/** 411 LengthRequired: The request must say how long its body is. */
public class LengthRequired extends SkeinError {

    /** Makes the error with a message for the caller, and no data, detail or cause. */
    public LengthRequired(String message) {
        this(message, null, null, null);
    }

    /** Makes the error with a message and extra JSON-shaped data for the caller ({@code null} for none). */
    public LengthRequired(String message, Object data) {
        this(message, data, null, null);
    }

    /** Makes the error with a message, extra data and JSON-shaped validation errors or other detail; either may be {@code null}. */
    public LengthRequired(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    /**
     * Makes the error with a message, data, detail and the exception that caused it; the cause stays
     * on this node (the JSON form leaves it out). A {@code null} message becomes the empty string.
     */
    public LengthRequired(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 411;
    }
}
