package dev.skein.redis;

import dev.skein.testkit.SecurityTck;

/** Mesh credentials over the Redis server on 127.0.0.1:6379: broker access without the mesh secret reads and injects nothing. */
class RedisSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return "redis://127.0.0.1:6379";
    }
}
