package dev.skein.mesh.internal;

import dev.skein.core.ServicePath;
import dev.skein.core.errors.BadRequest;
import dev.skein.mesh.spi.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the service paths of a packet from another node are checked, once, as the packet is
 * accepted and before any access rule, lookup, registration or cache sees them: a path must be
 * canonical ({@link ServicePath}) as it arrived, and is never repaired. So {@code payments/},
 * {@code /payments} and {@code " payments"} are not {@code payments}: a request for one is
 * answered with a BadRequest marked not run, a hello's service at one is not registered, and an
 * event of one is dropped, each refusal logged on one line per sender and minute.
 */
final class PathGate {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class); // its lines keep the node's name

    private final NodeContext ctx;
    private final InboundCalls inbound;

    PathGate(NodeContext ctx, InboundCalls inbound) {
        this.ctx = ctx;
        this.inbound = inbound;
    }

    /**
     * The packet to go on with, every path in it canonical: {@code p} itself, or for a hello a copy
     * without the services at other paths; null when it goes no further (a request, then answered
     * with a BadRequest; an event, dropped).
     */
    Packet admit(Packet p) {
        return switch (p.type) {
            case REQUEST -> admitRequest(p);
            case EVENT -> admitEvent(p);
            case HELLO -> admitHello(p);
            default -> p; // heartbeats, leaves, answers and cancels name no service path (a heartbeat's figures are read by Health.fromWire)
        };
    }

    private Packet admitRequest(Packet p) {
        String why = ServicePath.whyNotCanonical(p.path);
        if (why == null) return p;
        inbound.refuse(p, new BadRequest("Node " + ctx.nodeId + " refused a call of " + ServicePath.quoted(p.method) + " on the service path "
                + ServicePath.quoted(p.path) + ": the path is not canonical (" + why + "); nothing ran. Send the path as the service "
                + "was registered: segments of letters, digits, '-', '_', '.' or '~' joined by single slashes, no slash at either end"));
        if (ctx.dropLines.allow("path of request " + p.from)) {
            LOG.warn("Node {} refused a request of node {} for service path {}: not canonical ({}); one line per node and minute",
                    ctx.nodeId, p.from, ServicePath.quoted(p.path), why);
        }
        return null;
    }

    private Packet admitEvent(Packet p) {
        String why = ServicePath.whyNotCanonical(p.path);
        if (why == null) return p;
        if (ctx.dropLines.allow("path of event " + p.from)) {
            LOG.warn("Node {} dropped events of node {} for service path {}: not canonical ({}); one line per node and minute",
                    ctx.nodeId, p.from, ServicePath.quoted(p.path), why);
        }
        return null;
    }

    /** A hello with only its services at canonical paths: the others are not registered. */
    private Packet admitHello(Packet p) {
        if (p.node == null || !(p.node.get("services") instanceof List<?> services)) return p;
        List<Object> kept = new ArrayList<>(services.size());
        List<String> refused = new ArrayList<>();
        for (Object s : services) {
            Object path = s instanceof Map<?, ?> m ? m.get("path") : null;
            if (path instanceof String text && ServicePath.isCanonical(text)) kept.add(s);
            else refused.add(path instanceof String text ? ServicePath.quoted(text) + " (" + ServicePath.whyNotCanonical(text) + ")"
                    : "a service without a path");
        }
        if (refused.isEmpty()) return p;
        if (ctx.dropLines.allow("paths of hello " + p.from)) {
            LOG.warn("Node {} does not register {} of node {}: service paths that are not canonical are refused, never repaired; "
                    + "one line per node and minute", ctx.nodeId, String.join(", ", refused.subList(0, Math.min(refused.size(), 5)))
                    + (refused.size() > 5 ? " and " + (refused.size() - 5) + " more" : ""), p.from);
        }
        Packet admitted = new Packet(p.type, p.from);
        admitted.headers = p.headers;
        admitted.seq = p.seq;
        Map<String, Object> node = new LinkedHashMap<>(p.node);
        node.put("services", kept);
        admitted.node = node;
        return admitted;
    }
}
