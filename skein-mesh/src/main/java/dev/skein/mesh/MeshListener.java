package dev.skein.mesh;

/** Hears membership changes; every method does nothing by default. Called on the app's executor, one change at a time. */
public interface MeshListener {

    /** A node joined the mesh (or came back after it was removed). */
    default void nodeJoined(NodeInfo node) {
    }

    /** A node left: {@code graceful} when it said so, false when it went silent or its connection dropped. */
    default void nodeLeft(NodeInfo node, boolean graceful) {
    }

    /**
     * A node went quiet for about a missed heartbeat ({@code suspected}), or was heard again
     * (false). A suspected node is still in the mesh: calls in flight on it keep waiting, new calls
     * prefer other instances; it is {@linkplain #nodeLeft left} only once its silence passes the
     * failure-detection time (docs/RELIABILITY.md, "Slow or dead").
     */
    default void nodeSuspected(NodeInfo node, boolean suspected) {
    }

    /** A remote node began offering an instance of a service, or changed what it advertises of it (methods, events, version). */

    default void serviceAdded(ServiceInfo service) {
    }

    /** A remote node stopped offering an instance of a service, or left. */
    default void serviceRemoved(ServiceInfo service) {

    }
}
