package dev.skein.redis;

import dev.skein.testkit.MeshTck;

/** The transport TCK over the Redis server on 127.0.0.1:6379 (.ci/run starts it). */
class RedisTckTest extends MeshTck {

    @Override
    protected String transport() {
        return "redis://127.0.0.1:6379";
    }
}
