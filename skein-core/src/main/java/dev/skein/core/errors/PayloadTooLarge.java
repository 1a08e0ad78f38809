package dev.skein.core.errors;

/** 413 PayloadTooLarge: A request, answer or event is larger than the limit that carries it (the mesh's maxFrameSize, the gateway's body limit). */
public class PayloadTooLarge extends SkeinError {

    public PayloadTooLarge(String message) {
        this(message, null, null, null);
    }

    public PayloadTooLarge(String message, Object data) {
        this(message, data, null, null);
    }

    public PayloadTooLarge(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public PayloadTooLarge(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 413;
    }
}
