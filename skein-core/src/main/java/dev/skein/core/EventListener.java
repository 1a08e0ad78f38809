package dev.skein.core;

/**
 * Hears events of a service. Listeners run on the app's executor, one event after the other in the
 * order the emitting node emitted them; an exception a listener throws is logged and does not stop
 * other listeners.
 */
@FunctionalInterface
public interface EventListener {
    void onEvent(ServiceEvent event) throws Exception;
}
