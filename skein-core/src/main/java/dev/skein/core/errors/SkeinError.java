package dev.skein.core.errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The root of every error a Skein service answers: unchecked, with the HTTP-style code and the
 * name of the Feathers errors the seeds use ({@code NotFound 404}, {@code Unavailable 503}...),
 * so the gateway and the CLI map an error to a status or an exit code directly.
 *
 * <p>Every error has a JSON form, {@code {name, message, code, className, data, errors}}
 * ({@link #toJson()}), that {@link #fromJson(Map)} turns back into an instance of the same class,
 * which is how errors cross the network. Any other exception becomes a {@link GeneralError} through
 * {@link #from(Throwable)}; its message and stack trace stay on the node where it happened.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public abstract class SkeinError extends RuntimeException {

    /** Message given to a caller in place of the message of an exception that is not a Skein error. */
    public static final String INTERNAL_MESSAGE = "Internal server error";

    private final transient Object data;
    private final transient Object errors;

    /**
     * Makes an error; subclasses give it its code. {@code data}, {@code errors} and {@code cause}
     * may be {@code null}, a {@code null} message becomes the empty string, and the cause stays on
     * this node (the JSON form leaves it out).
     */
    protected SkeinError(String message, Object data, Object errors, Throwable cause) {
        super(message == null ? "" : message, cause);
        this.data = data;
        this.errors = errors;
    }

    /** The HTTP-style status code, e.g. 404. */
    public abstract int code();

    /** The Feathers error name, e.g. {@code NotFound}. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** The kebab-case class name of the JSON form, e.g. {@code not-found}. */
    public String className() {
        return kebab(name());
    }

    /** Extra JSON-shaped data the service attached, or {@code null}. */
    public Object data() {
        return data;
    }

    /** Validation errors or other detail, JSON-shaped, or {@code null}. */
    public Object errors() {
        return errors;
    }

    /** The JSON form {@code {name, message, code, className, data, errors}}; {@code data} and {@code errors} only when set. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name());
        json.put("message", getMessage());
        json.put("code", code());
        json.put("className", className());
        if (data != null) json.put("data", data);
        if (errors != null) json.put("errors", errors);
        return json;
    }

    @Override
    public String toString() {
        return name() + " (" + code() + "): " + getMessage();
    }

    /**
     * Turns the JSON form back into an error of the class it names (by {@code name}, else by
     * {@code code}); an unknown name or code gives a {@link GeneralError} that keeps the message.
     */
    public static SkeinError fromJson(Map<?, ?> json) {
        Objects.requireNonNull(json, "json");
        Object name = json.get("name");
        Object message = json.get("message");
        String text = message == null ? "" : message.toString();
        Object data = json.get("data");
        Object errors = json.get("errors");
        ErrorKind kind = name == null ? null : ErrorKind.byName(name.toString());
        if (kind == null && json.get("code") instanceof Number) {
            kind = ErrorKind.byCode(((Number) json.get("code")).intValue());
        }
        return (kind == null ? ErrorKind.GENERAL_ERROR : kind).create(text, data, errors);
    }

    /** Makes an error of the class that has this code; a code Skein does not know gives a {@link GeneralError}. */
    public static SkeinError of(int code, String message) {
        ErrorKind kind = ErrorKind.byCode(code);
        return (kind == null ? ErrorKind.GENERAL_ERROR : kind).create(message, null, null);
    }

    /**
     * The error a caller sees for {@code failure}: the Skein error itself (unwrapped from
     * {@link CompletionException} and {@link ExecutionException}), or a {@link GeneralError} with
     * {@link #INTERNAL_MESSAGE} that keeps {@code failure} as its cause for local logging only.
     */
    public static SkeinError from(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof SkeinError) return (SkeinError) t;
        return new GeneralError(INTERNAL_MESSAGE, null, null, t);
    }

    /** Strips the {@link CompletionException} and {@link ExecutionException} wrappers of an async failure. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String kebab(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) out.append('-');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
