package dev.skein.redis;

import dev.skein.mesh.spi.Transport;
import dev.skein.testkit.BrokerProcess;
import dev.skein.testkit.BrokerSecurity;
import dev.skein.testkit.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;

import java.util.List;

/** Credentials and TLS reach Lettuce: redis-server processes of the test's own (an ACL user with a password). */
class RedisSecurityTest extends BrokerSecurity {

    @Override
    protected BrokerProcess passwordBroker() throws Exception {
        return new BrokerProcess("redis-auth", port -> List.of("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no", "--user", "default", "off", "--user", USER, "on", ">" + PASSWORD, "~*", "&*", "+@all"));
    }

    @Override
    protected BrokerProcess tlsBroker(TestCertificates certificates) throws Exception {
        return new BrokerProcess("redis-tls", port -> List.of("redis-server", "--bind", "127.0.0.1", "--port", "0",
                "--tls-port", String.valueOf(port), "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(), "--tls-ca-cert-file", certificates.authority().toString(),
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                "--user", "default", "off", "--user", USER, "on", ">" + PASSWORD, "~*", "&*", "+@all"));
    }

    @Override
    protected String scheme() {
        return "redis";
    }

    @Override
    protected String tlsScheme() {
        return "rediss";
    }

    @Override
    protected Transport overOwnClient(int port, TestCertificates certificates, String user, String password) {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(certificates.authority().toFile()).build()).build());
        closeAfter(client::shutdown);
        return RedisTransport.over(client, tlsUri(port, user, password));
    }
}
