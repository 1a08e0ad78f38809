package dev.skein.nats;

import dev.skein.testkit.FeathersSyncTck;

/** Events shared with a Node replica using feathers-sync over the shared Nats broker. */
class NatsFeathersSyncTest extends FeathersSyncTck {

    @Override
    protected String uri() {
        return "nats://127.0.0.1:4222";
    }
}
