package dev.skein.core.errors;

/** 413 PayloadTooLarge: A request, answer or event is larger than the limit that carries it (the mesh's maxFrameSize, the gateway's body limit). */
public class PayloadTooLarge extends KnownError {

    /** Makes the error with a message for the caller, and no data, detail or cause. */
    public PayloadTooLarge(String message) {
        this(message, null, null, null);
    }

    /** Makes the error with a message and extra JSON-shaped data for the caller ({@code null} for none). */
    public PayloadTooLarge(String message, Object data) {
        this(message, data, null, null);
    }

    /** Makes the error with a message, extra data and JSON-shaped validation errors or other detail; either may be {@code null}. */
    public PayloadTooLarge(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    /** As {@link SkeinError#SkeinError(String, Object, Object, Throwable)}: the cause stays on this node; a {@code null} message becomes the empty string. */
    public PayloadTooLarge(String message, Object data, Object errors, Throwable cause) {
        super(ErrorKind.PAYLOAD_TOO_LARGE, message, data, errors, cause);
    }
}
