package dev.skein.amqp;

import dev.skein.testkit.KeyPairTck;

/**
 * Key-pair credentials over the RabbitMQ server on 127.0.0.1:5672: nodes learn each other's session
 * keys through the broker, their keys' names and roles decide what they may call and offer, and a
 * party with broker access and a trusted key cannot speak in another node's name nor replay what it
 * captured to a node that joins later.
 */
class AmqpKeyPairTckTest extends KeyPairTck {

    @Override
    protected String transport() {
        return "amqp://guest:guest@127.0.0.1:5672";
    }
}
