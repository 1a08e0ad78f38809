package dev.skein.spring.actuate;

import dev.skein.mesh.Mesh;
import dev.skein.mesh.Readiness;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The mesh's readiness ({@link Mesh#readiness()}) as an Actuator health indicator, named
 * {@code skein}: {@code UP} when the node is ready; {@code OUT_OF_SERVICE} (HTTP 503 by default)
 * while something is missing, a dependency's instances, the transport, or the node is leaving,
 * listed under {@code missing}; {@code DOWN} when the readiness cannot be read (the mesh has not
 * joined). Details: the node's id and how many other nodes it sees. Thread-safe.
 */
public class SkeinHealthIndicator extends AbstractHealthIndicator {

    private final Mesh mesh;

    /** The health of {@code mesh}. */
    public SkeinHealthIndicator(Mesh mesh) {
        super("Skein health check failed");
        this.mesh = mesh;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Readiness readiness = mesh.readiness();
        builder.withDetail("node", mesh.nodeId()).withDetail("peers", mesh.nodes().size() - 1);
        if (readiness.ready()) builder.up();
        else builder.outOfService().withDetail("missing", readiness.missing());
    }
}
