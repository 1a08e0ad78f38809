package dev.skein.mesh.internal.telemetry;

/**
 * What a node counts and times: its calls out and in, events, membership and frames. Without a
 * {@code MeterRegistry} the node holds {@link #NONE}, whose methods do nothing and which call sites
 * skip where measuring itself would cost (reading the clock): see {@link #enabled()}.
 */
public interface MeshMetrics {

    /** Measures nothing. */
    MeshMetrics NONE = new MeshMetrics() {
    };

    /** False for {@link #NONE}: call sites read the clock only when true. */
    default boolean enabled() {
        return false;
    }

    /**
     * A call this node sent ended.
     *
     * @param node  the node that served it last, or null when it reached none
     * @param error null when it succeeded
     */
    default void clientCall(String service, String method, String node, long nanos, Throwable error) {
    }

    /** A call from node {@code caller} that this node served (or refused) was answered. */
    default void serverCall(String service, String method, String caller, long nanos, Throwable error) {
    }

    /** An event of a service of this node went out to the other nodes. */
    default void eventSent(String service, String event) {
    }

    /** An event of node {@code from} arrived. */
    default void eventReceived(String service, String event, String from) {
    }

    /** Events of node {@code from} were dropped: its queue for this node's listeners was full. */
    default void eventDropped(String from) {
    }

    /** A frame of {@code bytes} arrived. */
    default void frameIn(int bytes) {
    }

    /** A frame of {@code bytes} went out (a broadcast counts once). */
    default void frameOut(int bytes) {
    }

    /** The transport lost its link (to a broker) and has it again. */
    default void reconnected() {
    }

    /** The transport lost its connection to a peer. */
    default void connectionLost() {
    }

    /** The node left: its meters leave the registry (a gauge must not keep a closed node alive). */
    default void close() {
    }
}
