package dev.skein.core.errors;

import java.util.HashMap;
import java.util.Map;

/** The error classes Skein knows, by name and by code: how the JSON form finds its class again. */
enum ErrorKind {
    BAD_REQUEST(400, "BadRequest", BadRequest::new),
    NOT_AUTHENTICATED(401, "NotAuthenticated", NotAuthenticated::new),
    PAYMENT_ERROR(402, "PaymentError", PaymentError::new),
    FORBIDDEN(403, "Forbidden", Forbidden::new),
    NOT_FOUND(404, "NotFound", NotFound::new),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed", MethodNotAllowed::new),
    NOT_ACCEPTABLE(406, "NotAcceptable", NotAcceptable::new),
    TIMEOUT(408, "Timeout", Timeout::new),
    CONFLICT(409, "Conflict", Conflict::new),
    LENGTH_REQUIRED(411, "LengthRequired", LengthRequired::new),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLarge", PayloadTooLarge::new),
    UNPROCESSABLE(422, "Unprocessable", Unprocessable::new),
    TOO_MANY_REQUESTS(429, "TooManyRequests", TooManyRequests::new),
    GENERAL_ERROR(500, "GeneralError", GeneralError::new),
    NOT_IMPLEMENTED(501, "NotImplemented", NotImplemented::new),
    BAD_GATEWAY(502, "BadGateway", BadGateway::new),
    UNAVAILABLE(503, "Unavailable", Unavailable::new);

    @FunctionalInterface
    interface Factory {
        SkeinError create(String message, Object data, Object errors, Throwable cause);
    }

    private static final Map<String, ErrorKind> BY_NAME = new HashMap<>();
    private static final Map<Integer, ErrorKind> BY_CODE = new HashMap<>();

    static {
        for (ErrorKind kind : values()) {
            BY_NAME.put(kind.errorName, kind);
            BY_NAME.put(SkeinError.kebab(kind.errorName), kind);
            BY_CODE.put(kind.code, kind);
        }
    }

    private final int code;
    private final String errorName;
    private final Factory factory;

    ErrorKind(int code, String errorName, Factory factory) {
        this.code = code;
        this.errorName = errorName;
        this.factory = factory;
    }

    /** The HTTP-style status code. */
    int code() {
        return code;
    }

    SkeinError create(String message, Object data, Object errors) {
        return factory.create(message, data, errors, null);
    }

    static ErrorKind byName(String name) {
        return BY_NAME.get(name);
    }

    static ErrorKind byCode(int code) {
        return BY_CODE.get(code);
    }
}
