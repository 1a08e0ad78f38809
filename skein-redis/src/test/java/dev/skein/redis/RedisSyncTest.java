package dev.skein.redis;

import dev.skein.testkit.SyncTck;
import dev.skein.testkit.SharedBrokers;

/** Sync-only mode (feathers-sync) over the shared Redis server. */
class RedisSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return SharedBrokers.redis();
    }

    @Override
    protected String type() {
        return "redis";
    }
}
