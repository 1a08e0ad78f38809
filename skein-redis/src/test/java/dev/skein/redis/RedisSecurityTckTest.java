package dev.skein.redis;

import dev.skein.testkit.SecurityTck;
import dev.skein.testkit.SharedBrokers;

/** Mesh credentials over the shared Redis server: broker access without the mesh secret reads and injects nothing. */
class RedisSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return SharedBrokers.redis();
    }
}
