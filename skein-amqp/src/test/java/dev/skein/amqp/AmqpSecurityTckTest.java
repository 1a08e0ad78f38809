package dev.skein.amqp;

import dev.skein.testkit.SecurityTck;
import dev.skein.testkit.SharedBrokers;

/** Mesh credentials over the shared RabbitMQ server: broker access without the mesh secret reads and injects nothing. */
class AmqpSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return SharedBrokers.amqp();
    }
}
