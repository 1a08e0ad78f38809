package dev.skein.core.errors;

/** 405 MethodNotAllowed: The service does not offer this method. */
public class MethodNotAllowed extends SkeinError {

    public MethodNotAllowed(String message) {
        this(message, null, null, null);
    }

    public MethodNotAllowed(String message, Object data) {
        this(message, data, null, null);
    }

    public MethodNotAllowed(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public MethodNotAllowed(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 405;
    }
}
