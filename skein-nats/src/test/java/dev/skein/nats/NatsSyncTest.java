package dev.skein.nats;

import dev.skein.testkit.SyncTck;
import dev.skein.testkit.SharedBrokers;

/** Sync-only mode (feathers-sync) over the shared NATS server. */
class NatsSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return SharedBrokers.nats();
    }

    @Override
    protected String type() {
        return "nats";
    }
}
