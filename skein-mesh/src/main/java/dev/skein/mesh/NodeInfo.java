package dev.skein.mesh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param online        false for a node that left (from its first word of leaving, while it still
 *                      answers the calls it was running), closed its connection or went silent, kept in
 *                      {@link Mesh#fleet()} for the mesh's offline retention
 * @param offlineReason why it went offline ({@link #LEFT}, {@link #CONNECTION_CLOSED}, {@link #SILENT}); null while online
 * @param role          the service the node provides in its cluster (happner's {@code serviceName}), or "" when it says none
 * @param host          the name of the machine it runs on, as it says ({@link #hostName}), or "" when it says none
 */
public record NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health,
                       Instant lastSeen, boolean online, String offlineReason, String role, String host) {

    /** It said it was leaving (a graceful stop). */
    public static final String LEFT = "left";
    /** Its connection closed without a word (a crash, a kill, a broken link). */
    public static final String CONNECTION_CLOSED = "connection closed";
    /** Nothing was heard from it for longer than the mesh's failure-detection time ({@code deadAfter}). */
    public static final String SILENT = "silent";

    /**
     * Copies {@code services}; a {@code null} role becomes "".
     *
     * @throws IllegalArgumentException when a node online has an offline reason
     */
    public NodeInfo {

        services = List.copyOf(services);
        role = role == null ? "" : role;
        host = hostName(host);
        if (online && offlineReason != null) throw new IllegalArgumentException("a node online has no offline reason");
    }

    /** A node that says no host name. */
    public NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health,
                    Instant lastSeen, boolean online, String offlineReason, String role) {
        this(id, name, address, local, services, health, lastSeen, online, offlineReason, role, "");
    }

    /**
     * {@code name} as a host name, or "" when it is not one: at most 253 characters of letters,
     * digits, dots, hyphens and underscores. A peer says its own, so what it says is checked
     * before it is shown anywhere.
     */
    public static String hostName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) return "";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!allowed) return "";
        }
        return name;
    }

    /** A node online. */
    public NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health, Instant lastSeen) {
        this(id, name, address, local, services, health, lastSeen, true, null, "");
    }

    /** A node without a role. */
    public NodeInfo(String id, String name, String address, boolean local, List<ServiceInfo> services, Health health, Instant lastSeen,
                    boolean online, String offlineReason) {
        this(id, name, address, local, services, health, lastSeen, online, offlineReason, "");
    }

    /**
     * The JSON form (of {@code /fleet}, {@code /health} and {@code skein nodes --output json}): id,
     * name, role and host (when it has them), address, local, online, offlineReason (absent while online), lastSeen (ISO-8601),
     * health (the heartbeat's figures) and services.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        if (!role.isEmpty()) m.put("role", role);
        if (!host.isEmpty()) m.put("host", host);
        m.put("address", address);
        m.put("local", local);
        m.put("online", online);
        if (offlineReason != null) m.put("offlineReason", offlineReason);
        m.put("lastSeen", lastSeen == null ? null : lastSeen.toString());
        m.put("health", health.toWire());
        List<Map<String, Object>> offered = new ArrayList<>();
        for (ServiceInfo s : services) offered.add(s.toWire());
        m.put("services", offered);
        return m;
    }

    /** Reads {@link #toJson()}'s form back; what is missing takes its empty value. */
    @SuppressWarnings("unchecked")
    public static NodeInfo fromJson(Map<String, Object> json) {
        String id = String.valueOf(json.get("id"));
        List<ServiceInfo> services = new ArrayList<>();
        if (json.get("services") instanceof List<?> list) {
            for (Object o : list) if (o instanceof Map<?, ?> s) services.add(ServiceInfo.fromWire((Map<String, Object>) s, id));
        }
        boolean online = !Boolean.FALSE.equals(json.get("online"));
        Object seen = json.get("lastSeen");
        return new NodeInfo(id, String.valueOf(json.getOrDefault("name", "")), String.valueOf(json.getOrDefault("address", "")),
                Boolean.TRUE.equals(json.get("local")), services, Health.fromWire((Map<?, ?>) json.get("health")),
                seen == null ? null : Instant.parse(seen.toString()), online,
                online ? null : String.valueOf(json.getOrDefault("offlineReason", "unknown")), String.valueOf(json.getOrDefault("role", "")),
                String.valueOf(json.getOrDefault("host", "")));
    }

    /** This node's record, marked offline for {@code reason}. */
    public NodeInfo offline(String reason) {
        return new NodeInfo(id, name, address, local, services, health, lastSeen, false, java.util.Objects.requireNonNull(reason, "reason"), role, host);
    }
}
