package dev.skein.amqp;

import dev.skein.testkit.SecurityTck;

/** Mesh credentials over the RabbitMQ server on 127.0.0.1:5672: broker access without the mesh secret reads and injects nothing. */
class AmqpSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return "amqp://guest:guest@127.0.0.1:5672";
    }
}
