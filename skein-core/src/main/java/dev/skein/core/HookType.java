package dev.skein.core;

/** Where in a call a hook runs. */
public enum HookType {
    /** Around the whole call, with a {@code next} to run the rest. */
    AROUND,
    /** Before the method: may change id, data and params, or set a result to skip the method. */
    BEFORE,
    /** After a successful method: may replace the result. */
    AFTER,
    /** After a failure: may replace the error, or clear it and set a result to recover. */
    ERROR
}
