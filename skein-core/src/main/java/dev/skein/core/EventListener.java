package dev.skein.core;

/**
 * Hears events of a service. A listener runs on the thread that emits the event: the app's
 * executor for the events of calls and for events that come from other nodes (one sender's events
 * one after the other, in the order it emitted them), or the caller's thread for
 * {@link ServiceHandle#emit(String, Object)}. An exception a listener throws is logged and does not
 * stop other listeners.
 */
@FunctionalInterface
public interface EventListener {
    /** Handles one event; what it throws is logged and dropped. */
    void onEvent(ServiceEvent event) throws Exception;
}
