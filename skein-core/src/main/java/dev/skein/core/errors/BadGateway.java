package dev.skein.core.errors;

/** 502 BadGateway: A node in between received an invalid answer. */
public class BadGateway extends SkeinError {

    public BadGateway(String message) {
        this(message, null, null, null);
    }

    public BadGateway(String message, Object data) {
        this(message, data, null, null);
    }

    public BadGateway(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public BadGateway(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 502;
    }
}
