package dev.skein.core.errors;

/** 411 LengthRequired: The request must say how long its body is. */
public class LengthRequired extends SkeinError {

    public LengthRequired(String message) {
        this(message, null, null, null);
    }

    public LengthRequired(String message, Object data) {
        this(message, data, null, null);
    }

    public LengthRequired(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public LengthRequired(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 411;
    }
}
