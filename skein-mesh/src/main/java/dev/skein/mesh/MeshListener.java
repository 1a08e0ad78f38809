package dev.skein.mesh;

/** Hears membership changes; every method does nothing by default. Called on the app's executor, one change at a time. */
public interface MeshListener {

    default void nodeJoined(NodeInfo node) {
    }

    /** A node left: {@code graceful} when it said so, false when it went silent or its connection dropped. */
    default void nodeLeft(NodeInfo node, boolean graceful) {
    }

    default void serviceAdded(ServiceInfo service) {
    }

    default void serviceRemoved(ServiceInfo service) {
    }
}
