package dev.skein.mesh;

import java.time.Instant;
import java.util.List;

/**
 * A node of the mesh as this node sees it: the fleet registry of service_fleet_control.
 *
 * @param id       the node's id
 * @param name     the name its app was given
 * @param address  where its transport can be reached, if it says
 * @param local    true for this node itself
 * @param services the services it offers
 * @param health   its latest health
 * @param lastSeen when it was last heard from
 */
public record NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health,
                       Instant lastSeen) {

    public NodeInfo {
        services = List.copyOf(services);
    }
}
