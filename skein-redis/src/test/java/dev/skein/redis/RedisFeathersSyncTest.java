package dev.skein.redis;

import dev.skein.testkit.FeathersSyncTck;
import dev.skein.testkit.SharedBrokers;

/** Events shared with a Node replica using feathers-sync over the shared Redis broker. */
class RedisFeathersSyncTest extends FeathersSyncTck {

    @Override
    protected String uri() {
        return SharedBrokers.redis();
    }
}
