package dev.skein.amqp;

import dev.skein.testkit.SyncTck;
import dev.skein.testkit.SharedBrokers;

/** Sync-only mode (feathers-sync) over the shared AMQP server. */
class AmqpSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return SharedBrokers.amqp();
    }

    @Override
    protected String type() {
        return "amqp";
    }
}
