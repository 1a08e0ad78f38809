package dev.skein.nats;

import dev.skein.testkit.KeyPairTck;

/**
 * Key-pair credentials over the NATS server on 127.0.0.1:4222: nodes learn each other's session
 * keys through the broker, their keys' names and roles decide what they may call and offer, and a
 * party with broker access and a trusted key cannot speak in another node's name.
 */
class NatsKeyPairTckTest extends KeyPairTck {

    @Override
    protected String transport() {
        return "nats://127.0.0.1:4222";
    }
}
