package dev.skein.core.errors;

/** 429 TooManyRequests: The caller sent too many requests. */
public class TooManyRequests extends SkeinError {

    public TooManyRequests(String message) {
        this(message, null, null, null);
    }

    public TooManyRequests(String message, Object data) {
        this(message, data, null, null);
    }

    public TooManyRequests(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public TooManyRequests(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 429;
    }
}
