package dev.skein.redis;

import dev.skein.testkit.FeathersSyncTck;

/** Events shared with a Node replica using feathers-sync over the shared Redis broker. */
class RedisFeathersSyncTest extends FeathersSyncTck {

    @Override
    protected String uri() {
        return "redis://127.0.0.1:6379";
    }
}
