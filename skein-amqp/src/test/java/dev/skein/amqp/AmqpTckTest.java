package dev.skein.amqp;

import dev.skein.testkit.MeshTck;
import dev.skein.testkit.SharedBrokers;

/** The transport TCK over the shared RabbitMQ (SharedBrokers: 127.0.0.1:5672, or the test JVM's own). */
class AmqpTckTest extends MeshTck {

    @Override
    protected String transport() {
        return SharedBrokers.amqp();
    }
}
