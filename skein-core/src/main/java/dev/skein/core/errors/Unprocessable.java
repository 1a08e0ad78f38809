package dev.skein.core.errors;

/** 422 Unprocessable: The request is well-formed but its content cannot be processed. */
public class Unprocessable extends SkeinError {

    public Unprocessable(String message) {
        this(message, null, null, null);
    }

    public Unprocessable(String message, Object data) {
        this(message, data, null, null);
    }

    public Unprocessable(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public Unprocessable(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 422;
    }
}
