package dev.skein.amqp;

import com.rabbitmq.client.ConnectionFactory;
import dev.skein.mesh.spi.Transport;
import dev.skein.testkit.BrokerProcess;
import dev.skein.testkit.BrokerSecurity;
import dev.skein.testkit.RabbitNodes;
import dev.skein.testkit.TestCertificates;

/** Credentials and TLS reach amqp-client: RabbitMQ nodes of the test's own, whose only user is the test's. */
class AmqpSecurityTest extends BrokerSecurity {

    private static final String USERS = "default_user = " + USER + "\ndefault_pass = " + PASSWORD + "\nloopback_users = none\n";

    @Override
    protected BrokerProcess passwordBroker() throws Exception {
        return RabbitNodes.node("rabbitmq-auth", port -> "listeners.tcp.local = 127.0.0.1:" + port + "\n" + USERS);
    }

    @Override
    protected BrokerProcess tlsBroker(TestCertificates certificates) throws Exception {
        return RabbitNodes.node("rabbitmq-tls", port -> "listeners.tcp = none\n"
                + "listeners.ssl.local = 127.0.0.1:" + port + "\n"
                + "ssl_options.cacertfile = " + certificates.authority() + "\n"
                + "ssl_options.certfile = " + certificates.serverCertificate() + "\n"
                + "ssl_options.keyfile = " + certificates.serverKey() + "\n"
                + "ssl_options.verify = verify_none\n"
                + "ssl_options.fail_if_no_peer_cert = false\n"
                + USERS);
    }

    @Override
    protected String scheme() {
        return "amqp";
    }

    @Override
    protected String tlsScheme() {
        return "amqps";
    }

    @Override
    protected Transport overOwnClient(int port, TestCertificates certificates, String user, String password) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.useSslProtocol(certificates.trustingContext());
        factory.enableHostnameVerification();
        return AmqpTransport.over(factory);
    }
}
