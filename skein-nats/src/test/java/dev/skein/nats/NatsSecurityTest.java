package dev.skein.nats;

import dev.skein.mesh.spi.Transport;
import dev.skein.testkit.BrokerProcess;
import dev.skein.testkit.BrokerSecurity;
import dev.skein.testkit.TestCertificates;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.util.ArrayList;
import java.util.List;

/** Credentials and TLS reach jnats: nats-server processes of the test's own. */
class NatsSecurityTest extends BrokerSecurity {

    @Override
    protected BrokerProcess passwordBroker() throws Exception {
        return new BrokerProcess("nats-auth", port -> List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(port),
                "--user", USER, "--pass", PASSWORD));
    }

    @Override
    protected BrokerProcess tlsBroker(TestCertificates certificates) throws Exception {
        return new BrokerProcess("nats-tls", port -> {
            List<String> command = new ArrayList<>(List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(port),
                    "--user", USER, "--pass", PASSWORD));
            command.addAll(List.of("--tls", "--tlscert", certificates.serverCertificate().toString(),
                    "--tlskey", certificates.serverKey().toString()));
            return command;
        });
    }

    @Override
    protected String scheme() {
        return "nats";
    }

    @Override
    protected String tlsScheme() {
        return "nats+tls";
    }

    @Override
    protected Transport overOwnClient(int port, TestCertificates certificates, String user, String password) throws Exception {
        Connection connection = Nats.connect(new Options.Builder().server("tls://127.0.0.1:" + port)
                .userInfo(user, password).sslContext(certificates.trustingContext()).build());
        closeAfter(connection);
        return NatsTransport.over(connection);
    }
}
