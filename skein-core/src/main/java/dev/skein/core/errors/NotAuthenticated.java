package dev.skein.core.errors;

/** 401 NotAuthenticated: The caller is not authenticated, or its credentials are invalid or expired. */
public class NotAuthenticated extends SkeinError {

    public NotAuthenticated(String message) {
        this(message, null, null, null);
    }

    public NotAuthenticated(String message, Object data) {
        this(message, data, null, null);
    }

    public NotAuthenticated(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public NotAuthenticated(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 401;
    }
}
