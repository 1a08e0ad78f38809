package dev.skein.core;

/**
 * What is made current on the thread while a call's service method runs (its synchronous part): a
 * trace context, logging MDC entries. Whoever starts the call puts it in the call's params under
 * {@link #PARAM}; the mesh does so for the calls it serves, so that a service's logs carry the
 * trace id and the calls it makes are children of the call it serves. It never travels to
 * another node (a free entry of {@link Params}).
 */
@FunctionalInterface
public interface CallScope {

    /** The free {@link Params} entry that holds a call's scope. */
    String PARAM = "skein.scope";

    /** Makes this scope current on the calling thread; closing what it returns restores what was current before. */
    Entered enter();

    /** A scope made current, until closed (on the same thread). */
    interface Entered extends AutoCloseable {
        @Override
        void close();
    }
}
