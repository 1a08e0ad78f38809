package dev.skein.mesh;

/** Hears membership changes; every method does nothing by default. Called on the app's executor, one change at a time. */
public interface MeshListener {

    /** A node joined the mesh (or came back after it was removed). */
    default void nodeJoined(NodeInfo node) {
    }

    /**
     * A node left. Heard once per node, whatever the transport and whatever order its last frames
     * arrive in, with {@code node} as {@link Mesh#fleet()} lists it from then on (for the offline
     * retention): {@link NodeInfo#online()} false and why in {@link NodeInfo#offlineReason()}.
     * <ul>
     *   <li>{@code graceful} true, reason {@link NodeInfo#LEFT}: it said it leaves ({@code close()}).
     *       Heard as soon as the first word of it arrives: from then on the node takes no new call,
     *       though it still answers those it was running (up to its drain timeout). Its last leave
     *       and its connection's end are not reported again, and it never comes back under its id.</li>
     *   <li>{@code graceful} false, reason {@link NodeInfo#CONNECTION_CLOSED} or {@link NodeInfo#SILENT}:
     *       it went without a word (a crash, a kill, a partition, a frozen process). Heard from again,
     *       it is reported joined again.</li>
     * </ul>
     * Its services are reported removed ({@link #serviceRemoved}) right after.
     */
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
