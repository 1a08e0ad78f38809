package dev.skein.nats;

import dev.skein.testkit.FeathersSyncTck;
import dev.skein.testkit.SharedBrokers;

/** Events shared with a Node replica using feathers-sync over the shared Nats broker. */
class NatsFeathersSyncTest extends FeathersSyncTck {

    @Override
    protected String uri() {
        return SharedBrokers.nats();
    }
}
