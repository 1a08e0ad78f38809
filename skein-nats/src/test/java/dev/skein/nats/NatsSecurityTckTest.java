package dev.skein.nats;

import dev.skein.testkit.SecurityTck;
import dev.skein.testkit.SharedBrokers;

/**
 * Mesh credentials over the shared NATS server: a party that can reach the broker but
 * lacks the mesh secret reads no packet and makes none accepted.
 */
class NatsSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return SharedBrokers.nats();
    }
}
