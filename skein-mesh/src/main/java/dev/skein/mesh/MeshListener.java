package dev.skein.mesh;

/** Hears membership changes; every method does nothing by default. Called on the app's executor, one change at a time. */
public interface MeshListener {

    /** A node joined the mesh (or came back after it was removed). */
    default void nodeJoined(NodeInfo node) {
    }

    /** A node left: {@code graceful} when it said so, false when it went silent or its connection dropped. */
    default void nodeLeft(NodeInfo node, boolean graceful) {
    }

    /** A remote node began offering an instance of a service, or changed what it advertises of it (methods, events, version). */

    default void serviceAdded(ServiceInfo service) {
    }

    /** A remote node stopped offering an instance of a service, or left. */
    default void serviceRemoved(ServiceInfo service) {

    }
}
