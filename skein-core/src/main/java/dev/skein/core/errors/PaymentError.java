package dev.skein.core.errors;

/** 402 PaymentError: Payment is required. */
public class PaymentError extends SkeinError {

    public PaymentError(String message) {
        this(message, null, null, null);
    }

    public PaymentError(String message, Object data) {
        this(message, data, null, null);
    }

    public PaymentError(String message, Object data, Object errors) {
        this(message, data, errors, null);
    }

    public PaymentError(String message, Object data, Object errors, Throwable cause) {
        super(message, data, errors, cause);
    }

    @Override
    public int code() {
        return 402;
    }
}
