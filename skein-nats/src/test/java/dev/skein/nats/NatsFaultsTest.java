package dev.skein.nats;

import dev.skein.testkit.BrokerFaults;
import dev.skein.testkit.BrokerProcess;

import java.util.List;

/** NATS stopped and restarted mid-traffic: a nats-server of the test's own on a spare port. */
class NatsFaultsTest extends BrokerFaults {

    @Override
    protected BrokerProcess broker() throws Exception {
        return new BrokerProcess("nats", port -> List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(port)));
    }

    @Override
    protected String transport(int port) {
        return "nats://127.0.0.1:" + port;
    }
}
