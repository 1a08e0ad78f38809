package dev.skein.core.errors;

/** 404 NotFound: No item, route or service has the given id or path. */
public class NotFound extends SkeinError {

    public NotFound(String message) {
        this(message, null, null, null);
    }

    public NotFound(String message, Object data) {
        this(message, data, null, null);
    }

    public NotFound(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public NotFound(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 404;
    }
}
