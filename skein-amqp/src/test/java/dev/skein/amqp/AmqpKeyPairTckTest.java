package dev.skein.amqp;

import dev.skein.testkit.KeyPairTck;
import dev.skein.testkit.SharedBrokers;

/**
 * Key-pair credentials over the shared RabbitMQ server: nodes learn each other's session
 * keys through the broker, their keys' names and roles decide what they may call and offer, and a
 * party with broker access and a trusted key cannot speak in another node's name nor replay what it
 * captured to a node that joins later.
 */
class AmqpKeyPairTckTest extends KeyPairTck {

    @Override
    protected String transport() {
        return SharedBrokers.amqp();
    }
}
