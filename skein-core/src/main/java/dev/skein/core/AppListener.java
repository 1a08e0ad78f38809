package dev.skein.core;

/** Hears what happens in an app; every method does nothing by default. Called on the thread that caused it. */
public interface AppListener {

    /** A service was registered at {@code path}. */
    default void serviceAdded(String path, ServiceHandle service) {
    }

    /** The service at {@code path} was removed. */
    default void serviceRemoved(String path, ServiceHandle service) {
    }

    /** Any service of the app emitted an event (after its own listeners were called). */
    default void serviceEvent(ServiceEvent event) {
    }

    /** The app is closing; plugins stop here. */
    default void closing(App app) {
    }
}
