package dev.skein.gateway;

import java.time.Duration;

/** The gateway settings of the attack tests: timeouts and caps set low, so that an attack shows in seconds. */
final class AttackLimits {

    private AttackLimits() {
    }

    /** Idle, header and body timeouts of one second. */
    static Gateway.Builder shortTimeouts(Gateway.Builder b) {
        return b.idleTimeout(Duration.ofSeconds(1)).headersTimeout(Duration.ofSeconds(1)).bodyTimeout(Duration.ofSeconds(1));
    }

    /** At most 8 connections from one address and 24 in all; long timeouts, so that held connections stay. */
    static Gateway.Builder lowCaps(Gateway.Builder b) {
        return b.maxConnectionsPerAddress(8).maxConnections(24).idleTimeout(Duration.ofSeconds(60));
    }
}
