package dev.skein.amqp;

import dev.skein.testkit.FeathersSyncTck;
import dev.skein.testkit.SharedBrokers;

/** Events shared with a Node replica using feathers-sync over the shared Amqp broker. */
class AmqpFeathersSyncTest extends FeathersSyncTck {

    @Override
    protected String uri() {
        return SharedBrokers.amqp();
    }
}
