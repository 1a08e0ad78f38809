package dev.skein.core.errors;

/** 403 Forbidden: The caller is authenticated but may not do this. */
public class Forbidden extends SkeinError {

    public Forbidden(String message) {
        this(message, null, null, null);
    }

    public Forbidden(String message, Object data) {
        this(message, data, null, null);
    }

    public Forbidden(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public Forbidden(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 403;
    }
}
