package dev.skein.amqp;

import dev.skein.testkit.FeathersSyncTck;

/** Events shared with a Node replica using feathers-sync over the shared Amqp broker. */
class AmqpFeathersSyncTest extends FeathersSyncTck {

    @Override
    protected String uri() {
        return "amqp://guest:guest@127.0.0.1:5672";
    }
}
