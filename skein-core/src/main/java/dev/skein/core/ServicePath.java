package dev.skein.core;

import dev.skein.core.errors.BadRequest;

import java.util.Objects;

/**
 * The one canonical form of a service path, defined here and nowhere else. A canonical path is
 * 1 to {@value #MAX_LENGTH} characters of segments joined by single slashes, with no slash at
 * either end; each segment is ASCII letters, digits, {@code -}, {@code _}, {@code .} or
 * {@code ~}, and is neither {@code .} nor {@code ..}. So {@code todos} and {@code api/v1/todos}
 * are canonical; {@code /todos}, {@code todos/}, {@code " todos"}, {@code a//b}, {@code a/../b}
 * and {@code tödös} are not.
 *
 * <p>Two ways in, for two kinds of caller:
 * <ul>
 *   <li>{@link #of(String)} for a path that arrives from outside (a call frame, a hello, an event,
 *       a gateway URL, a Socket.IO or WebSocket message): a path that is not canonical is refused
 *       with a {@link BadRequest}, never repaired, so that no rule, lookup, cache or registration
 *       sees two spellings of one service.</li>
 *   <li>{@link #normalize(String)} for a path written in code ({@code app.use("/todos/", ...)}):
 *       whitespace and slashes at either end are trimmed, then the result must be canonical.</li>
 * </ul>
 * A {@code ServicePath} value holds a checked path; its {@link #toString()} is the path itself.
 *
 * @param value the canonical path
 */
public record ServicePath(String value) {

    /** The longest path accepted, in characters. */
    public static final int MAX_LENGTH = 256;

    /**
     * Checks {@code value} is canonical.
     *
     * @throws BadRequest when it is not (which {@code IllegalArgumentException} callers see as a 400)
     */
    public ServicePath {
        String why = whyNotCanonical(value);
        if (why != null) throw new BadRequest("The service path " + quoted(value) + " is not canonical: " + why);
    }

    /**
     * The path of a request or message from outside, which must already be canonical.
     *
     * @throws BadRequest naming the path and what is wrong with it; nothing is repaired
     */
    public static ServicePath of(String wire) {
        return new ServicePath(wire);
    }

    /** Whether {@code path} is canonical (a null path is not). */
    public static boolean isCanonical(String path) {
        return whyNotCanonical(path) == null;
    }

    /**
     * The canonical form of a path written in code: whitespace and slashes at either end trimmed,
     * then checked.
     *
     * @throws IllegalArgumentException when what is left is empty or not canonical
     */
    public static String normalize(String path) {
        Objects.requireNonNull(path, "path");
        String trimmed = path.strip();
        int start = 0;
        int end = trimmed.length();
        while (start < end && trimmed.charAt(start) == '/') start++;
        while (end > start && trimmed.charAt(end - 1) == '/') end--;
        String key = trimmed.substring(start, end).strip();
        if (key.isEmpty()) throw new IllegalArgumentException("A service path cannot be empty: " + quoted(path));
        String why = whyNotCanonical(key);
        if (why != null) throw new IllegalArgumentException("The service path " + quoted(path) + " is not valid: " + why);
        return key;
    }

    /** Why {@code path} is not canonical, in a few words, or null when it is. */
    public static String whyNotCanonical(String path) {
        if (path == null) return "it is missing";
        if (path.isEmpty()) return "it is empty";
        if (path.length() > MAX_LENGTH) return "it is longer than " + MAX_LENGTH + " characters";
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int length = i - segmentStart;
                if (length == 0) {
                    if (segmentStart == 0) return "it starts with '/'";
                    return i == path.length() ? "it ends with '/'" : "it has an empty segment ('//')";
                }
                if (length <= 2 && path.startsWith(length == 1 ? "." : "..", segmentStart)) return "it has a '.' or '..' segment";
                segmentStart = i + 1;
            } else if (!allowed(path.charAt(i))) {
                char c = path.charAt(i);
                return "character " + (c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'")
                        + " at " + i + " is not a letter, digit, '-', '_', '.', '~' or '/'";
            }
        }
        return null;
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** A path for a message: quoted, control characters shown as escapes, cut at 80 characters. */
    public static String quoted(String path) {
        if (path == null) return "null";
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(path.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (path.length() > shown) b.append("...");
        return b.append('\'').toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
