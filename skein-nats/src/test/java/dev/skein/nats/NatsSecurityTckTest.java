package dev.skein.nats;

import dev.skein.testkit.SecurityTck;

/**
 * Mesh credentials over the NATS server on 127.0.0.1:4222: a party that can reach the broker but
 * lacks the mesh secret reads no packet and makes none accepted.
 */
class NatsSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return "nats://127.0.0.1:4222";
    }
}
