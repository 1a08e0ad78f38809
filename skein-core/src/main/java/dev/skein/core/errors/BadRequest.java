package dev.skein.core.errors;

/** 400 BadRequest: The request is malformed or its data is invalid. */
public class BadRequest extends SkeinError {

    public BadRequest(String message) {
        this(message, null, null, null);
    }

    public BadRequest(String message, Object data) {
        this(message, data, null, null);
    }

    public BadRequest(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public BadRequest(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 400;
    }
}
