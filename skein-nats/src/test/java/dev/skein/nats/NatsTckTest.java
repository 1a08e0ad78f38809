package dev.skein.nats;

import dev.skein.testkit.MeshTck;
import dev.skein.testkit.SharedBrokers;

/** The transport TCK over the shared NATS (SharedBrokers: 127.0.0.1:4222, or the test JVM's own). */
class NatsTckTest extends MeshTck {

    @Override
    protected String transport() {
        return SharedBrokers.nats();
    }
}
