package dev.skein.redis;

import dev.skein.testkit.MeshTck;
import dev.skein.testkit.SharedBrokers;

/** The transport TCK over the shared Redis (SharedBrokers: 127.0.0.1:6379, or the test JVM's own). */
class RedisTckTest extends MeshTck {

    @Override
    protected String transport() {
        return SharedBrokers.redis();
    }
}
