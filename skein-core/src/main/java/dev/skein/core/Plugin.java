package dev.skein.core;

/**
 * Something that extends an app, such as the mesh: {@code app.configure(plugin)}. A plugin that is
 * also {@link AutoCloseable} is closed when the app closes, in reverse order of configuration.
 */
@FunctionalInterface
public interface Plugin {
    /** Installs the plugin in {@code app}: registers services, hooks, listeners or resolvers. Called once, by {@link App#configure}. */
    void configure(App app);
}
