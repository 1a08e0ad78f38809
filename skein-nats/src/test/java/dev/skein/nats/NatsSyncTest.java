package dev.skein.nats;

import dev.skein.testkit.SyncTck;

/** Sync-only mode (feathers-sync) over the shared NATS server. */
class NatsSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return "nats://127.0.0.1:4222";
    }

    @Override
    protected String type() {
        return "nats";
    }
}
