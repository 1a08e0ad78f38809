package dev.skein.amqp;

import dev.skein.testkit.BrokerFaults;
import dev.skein.testkit.BrokerProcess;
import dev.skein.testkit.RabbitNodes;

/** RabbitMQ stopped and restarted mid-traffic: a RabbitMQ node of the test's own, on spare ports, with its own data folder. */
class AmqpFaultsTest extends BrokerFaults {

    @Override
    protected BrokerProcess broker() throws Exception {
        return RabbitNodes.node("rabbitmq", port -> "listeners.tcp.local = 127.0.0.1:" + port + "\nloopback_users.guest = true\n");
    }

    @Override
    protected String transport(int port) {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }
}
