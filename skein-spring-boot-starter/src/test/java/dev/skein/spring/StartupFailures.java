package dev.skein.spring;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** What a test reads from a context's start-up failure. */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The refusal naming a property, among {@code failure} and its causes. */
    static InvalidConfigurationPropertyValueException invalid(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException e) return e;
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in", failure);
    }

    /** The messages of {@code failure} and its causes, one a line. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        return all.toString();
    }
}
