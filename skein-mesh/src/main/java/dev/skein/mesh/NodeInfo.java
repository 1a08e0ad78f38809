package dev.skein.mesh;

import java.time.Instant;
import java.util.List;

/**
 * A node of the mesh as this node sees it: the fleet registry of service_fleet_control.
 *
 * @param id            the node's id
 * @param name          the name its app was given
 * @param address       where its transport can be reached, if it says
 * @param local         true for this node itself
 * @param services      the services it offers (those it offered last, for a node offline)
 * @param health        its latest health
 * @param lastSeen      when it was last heard from
 * @param online        false for a node that left, closed its connection or went silent, kept in
 *                      {@link Mesh#fleet()} for the mesh's offline retention
 * @param offlineReason why it went offline ({@link #LEFT}, {@link #CONNECTION_CLOSED}, {@link #SILENT}); null while online
 */
public record NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health,
                       Instant lastSeen, boolean online, String offlineReason) {

    /** It said it was leaving (a graceful stop). */
    public static final String LEFT = "left";
    /** Its connection closed without a word (a crash, a kill, a broken link). */
    public static final String CONNECTION_CLOSED = "connection closed";
    /** Nothing was heard from it for longer than the mesh's failure-detection time ({@code deadAfter}). */
    public static final String SILENT = "silent";

    public NodeInfo {
        services = List.copyOf(services);
        if (online && offlineReason != null) throw new IllegalArgumentException("a node online has no offline reason");
    }

    /** A node online. */
    public NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health, Instant lastSeen) {
        this(id, name, address, local, services, health, lastSeen, true, null);
    }

    /** This node's record, marked offline for {@code reason}. */
    public NodeInfo offline(String reason) {
        return new NodeInfo(id, name, address, local, services, health, lastSeen, false, java.util.Objects.requireNonNull(reason, "reason"));
    }
}
