package dev.skein.redis;

import dev.skein.testkit.SyncTck;

/** Sync-only mode (feathers-sync) over the shared Redis server. */
class RedisSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return "redis://127.0.0.1:6379";
    }

    @Override
    protected String type() {
        return "redis";
    }
}
