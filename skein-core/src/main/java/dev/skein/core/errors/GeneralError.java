package dev.skein.core.errors;

/** 500 GeneralError: An unexpected failure; the caller sees no internal detail. */
public class GeneralError extends SkeinError {

    public GeneralError(String message) {
        this(message, null, null, null);
    }

    public GeneralError(String message, Object data) {
        this(message, data, null, null);
    }

    public GeneralError(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public GeneralError(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 500;
    }
}
