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

    /** jnats does not check host names; {@link NatsTransport#verifyingHostNames} (used for nats+tls:// URIs) does. */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(60)
    void aCertificateForAnotherHostIsRefusedWhenHostNamesAreVerified() throws Exception {
        TestCertificates localhostOnly = TestCertificates.create("DNS:localhost");
        try (BrokerProcess broker = tlsBroker(localhostOnly).start()) {
            javax.net.ssl.SSLContext verifying = NatsTransport.verifyingHostNames(localhostOnly.trustingContext());
            Options.Builder options = new Options.Builder().userInfo(USER, PASSWORD).sslContext(verifying).maxReconnects(0).noResolveHostnames()
                    .connectionTimeout(java.time.Duration.ofSeconds(3));

            try (Connection named = Nats.connect(options.server("tls://localhost:" + broker.port()).build())) {
                org.assertj.core.api.Assertions.assertThat(named.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Nats.connect(new Options.Builder().userInfo(USER, PASSWORD)
                            .sslContext(verifying).maxReconnects(0).connectionTimeout(java.time.Duration.ofSeconds(3))
                            .server("tls://127.0.0.1:" + broker.port()).build()).close())
                    .as("127.0.0.1 is not a name in the certificate").isInstanceOf(java.io.IOException.class);
        }
    }
}
