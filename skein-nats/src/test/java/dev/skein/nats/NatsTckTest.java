package dev.skein.nats;

import dev.skein.testkit.MeshTck;

/** The transport TCK over the NATS server on 127.0.0.1:4222 (.ci/run starts it). */
class NatsTckTest extends MeshTck {

    @Override
    protected String transport() {
        return "nats://127.0.0.1:4222";
    }
}
