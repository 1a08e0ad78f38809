package dev.skein.amqp;

import dev.skein.testkit.SyncTck;

/** Sync-only mode (feathers-sync) over the shared AMQP server. */
class AmqpSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return "amqp://guest:guest@127.0.0.1:5672";
    }

    @Override
    protected String type() {
        return "amqp";
    }
}
