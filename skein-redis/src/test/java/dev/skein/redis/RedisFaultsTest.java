package dev.skein.redis;

import dev.skein.testkit.BrokerFaults;
import dev.skein.testkit.BrokerProcess;

import java.util.List;

/** Redis stopped and restarted mid-traffic: a redis-server of the test's own on a spare port. */
class RedisFaultsTest extends BrokerFaults {

    @Override
    protected BrokerProcess broker() throws Exception {
        return new BrokerProcess("redis", port -> List.of("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no"));
    }

    @Override
    protected String transport(int port) {
        return "redis://127.0.0.1:" + port;
    }
}
