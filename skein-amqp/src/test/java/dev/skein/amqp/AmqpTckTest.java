package dev.skein.amqp;

import dev.skein.testkit.MeshTck;

/** The transport TCK over the RabbitMQ server on 127.0.0.1:5672 (.ci/run starts it). */
class AmqpTckTest extends MeshTck {

    @Override
    protected String transport() {
        return "amqp://guest:guest@127.0.0.1:5672";
    }
}
