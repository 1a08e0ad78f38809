package dev.skein.core.errors;

/** 408 Timeout: The call did not complete within its timeout. */
public class Timeout extends SkeinError {

    public Timeout(String message) {
        this(message, null, null, null);
    }

    public Timeout(String message, Object data) {
        this(message, data, null, null);
    }

    public Timeout(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public Timeout(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 408;
    }
}
