package dev.skein.testkit;

import dev.skein.mesh.*;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.tcp.TcpOptions;
import dev.skein.mesh.tcp.TcpTransport;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What only the tcp transport has: raw sockets, seeds, TLS, and a node process that is killed. */
class TcpTransportTest {

    private TestNodes nodes;

    @BeforeEach
    void start() {
        nodes = new TestNodes("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private static int port(TestNodes.Node node) {
        node.mesh().ready().orTimeout(10, TimeUnit.SECONDS).join();
        String address = node.mesh().nodes().get(0).address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Opens a raw socket to the node, sends {@code bytes}, and tells whether the node closed the connection. */
    private static boolean nodeClosesConnectionAfter(int port, byte[] bytes) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (true) {
                    if (in.read(buffer) < 0) return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true; // reset by the node
            }
        }
    }

    private static byte[] frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(payload.length);
            data.write(payload);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void garbageOversizedAndForeignFramesCloseTheirConnectionWhileTheNodeServesOthers() throws Exception {
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "todos");
        int port = port(server);
        String goodHandshake = "{\"skein\":1,\"ns\":\"" + nodes.namespace() + "\",\"node\":\"intruder\",\"addr\":null}";

        assertThat(nodeClosesConnectionAfter(port, frame("this is not json"))).as("garbage handshake").isTrue();
        assertThat(nodeClosesConnectionAfter(port, frame("{\"skein\":99,\"ns\":\"x\",\"node\":\"n\"}"))).as("other handshake version").isTrue();
        assertThat(nodeClosesConnectionAfter(port, frame("{\"skein\":1,\"ns\":\"elsewhere\",\"node\":\"n\"}"))).as("other namespace").isTrue();
        assertThat(nodeClosesConnectionAfter(port, new byte[]{0x7f, -1, -1, -1, 1, 2, 3})).as("oversized length").isTrue();
        assertThat(nodeClosesConnectionAfter(port, concat(frame(goodHandshake), frame("garbage after a good handshake"))))
                .as("garbage packet").isTrue();
        assertThat(nodeClosesConnectionAfter(port, concat(frame(goodHandshake), frame("{\"v\":2,\"t\":\"beat\",\"from\":\"intruder\"}"))))
                .as("other protocol version").isTrue();
        assertThat(nodeClosesConnectionAfter(port, frame(goodHandshake))).as("a good handshake alone").isFalse();

        Object created = client.app().service("todos").create(Map.of("still", "serving")).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(created).isInstanceOf(Map.class);
    }

    @Test
    @Timeout(30)
    void aNodeWhosePortIsTakenSaysSoInTheLogWhenTheProgramNeverAsksAboutReadiness() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = "127.0.0.1:" + squatter.getLocalPort();
            String uri = "tcp://" + port + "?multicast=false";
            nodes.start("silent", app -> { }, b -> b.transport(uri)); // as the README's first program: no ready()
            TestNodes.Node asking = nodes.start("asking", app -> { }, b -> b.transport(uri));
            assertThat(MeshTck.failure(asking.mesh().ready())).hasMessageContaining(port);
            java.util.function.Supplier<List<String>> errors = () -> {
                synchronized (logs) {
                    return new java.util.ArrayList<>(logs.list).stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                            .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).filter(m -> m.contains(port)).toList();
                }
            };
            await().atMost(Duration.ofSeconds(10)).until(() -> !errors.get().isEmpty());
            Thread.sleep(1500); // past the grace for the node that asked
            assertThat(errors.get()).as("one line, for the node that never asked").singleElement().asString()
                    .contains("node silent-").contains("did not start").contains("this node serves and calls nothing");
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    @Timeout(30)
    void aNodeWhosePortIsTakenFailsReadinessNamingItOrWaitsForItWhenAsked() throws Exception {
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String uri = "tcp://127.0.0.1:" + squatter.getLocalPort() + "?multicast=false";
            TestNodes.Node hasty = nodes.start("hasty", app -> { }, b -> b.transport(uri));
            assertThat(MeshTck.failure(hasty.mesh().ready())).isInstanceOf(Unavailable.class)
                    .hasMessageContaining(String.valueOf(squatter.getLocalPort()));

            TestNodes.Node patient = nodes.start("patient", app -> { }, b -> b.transport(uri).waitForTransport(true)
                    .discoveryTimeout(Duration.ofSeconds(20)));
            Thread.sleep(800);
            assertThat(patient.mesh().ready()).isNotDone();
            squatter.close();
            patient.mesh().ready().get(15, TimeUnit.SECONDS);
            assertThat(patient.mesh().nodes().get(0).address()).endsWith(":" + squatter.getLocalPort());
        }
    }

    @Test
    void nodesFindEachOtherThroughSeedsWithoutMulticast() {
        TestNodes seeded = new TestNodes("tcp://127.0.0.1?multicast=false");
        try {
            TestNodes.Node server = seeded.start("server", app -> app.use("todos", new MemoryService()));
            int port = port(server);
            TestNodes.Node client = seeded.start("client", app -> { }, b -> b.transport(
                    TcpTransport.create(TcpOptions.builder().bindHost("127.0.0.1").multicast(false).seed("127.0.0.1:" + port).build())));

            MeshTck.awaitService(client.app(), "todos");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.mesh().nodes().size() == 2);
            assertThat(client.app().service("todos").find().orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(List.of());
        } finally {
            seeded.close();
        }
    }

    @Test
    @Timeout(30)
    void aNodeOnTheNativeTransportAndOneOnTheJdksTalkBothWays() {
        TestNodes mixed = new TestNodes("tcp://127.0.0.1?multicast=false");
        try {
            TcpTransport epoll = TcpTransport.create(TcpOptions.builder().bindHost("127.0.0.1").multicast(false).build());
            TestNodes.Node server = mixed.start("server", app -> app.use("todos", new MemoryService()), b -> b.transport(epoll));
            TcpTransport nio = TcpTransport.create(TcpOptions.fromUri(java.net.URI.create(
                    "tcp://127.0.0.1?multicast=false&native=false&seeds=127.0.0.1:" + port(server))));
            TestNodes.Node client = mixed.start("client", app -> { }, b -> b.transport(nio));
            assertThat(epoll.engine()).as("the default on Linux x86-64").isEqualTo("epoll");
            assertThat(nio.engine()).isEqualTo("nio");

            MeshTck.awaitService(client.app(), "todos");
            LinkedBlockingQueue<Object> heard = new LinkedBlockingQueue<>();
            client.app().service("todos").on("created", e -> heard.add(e.data()));
            Object made = client.app().service("todos").create(Map.of("text", "both ways")).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(made).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("text", "both ways");
            server.app().service("todos").create(Map.of("text", "from the epoll side")).orTimeout(10, TimeUnit.SECONDS).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(d -> d.toString().contains("from the epoll side")));
        } finally {
            mixed.close();
        }
    }

    @Test
    void tlsBetweenNodesIsReachableFromTheTransportUriAloneSoEveryWayOfConfiguringANodeHasIt() throws Exception {
        SelfSignedCertificate trusted = new SelfSignedCertificate("skein-node");
        try {
            String uri = "tcp://?beacon=200&mutual=true&certificate=" + encoded(trusted.certificate().toPath())
                    + "&privateKey=" + encoded(trusted.privateKey().toPath()) + "&trusted=" + encoded(trusted.certificate().toPath());
            TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()), b -> b.transport(uri));
            TestNodes.Node client = nodes.start("client", app -> { }, b -> b.transport(uri));

            MeshTck.awaitService(client.app(), "todos");
            assertThat(client.app().service("todos").find().orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(List.of());
            assertThat(server.mesh().nodes().get(0).address()).startsWith("tls://");
            assertThatThrownBy(() -> dev.skein.mesh.Mesh.builder().transport("tcp://?certificate=" + encoded(trusted.certificate().toPath())).build())
                    .hasMessageContaining("TLS between nodes needs the tcp transport parameters certificate, privateKey and trusted")
                    .hasMessageContaining("missing privateKey, trusted");
        } finally {
            trusted.delete();
        }
    }

    private static String encoded(java.nio.file.Path file) {
        return java.net.URLEncoder.encode(file.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void nodesWithMutualTlsTalkAndANodeWithAnUntrustedCertificateIsKeptOut() throws Exception {
        SelfSignedCertificate trusted = new SelfSignedCertificate("skein-node");
        SelfSignedCertificate stranger = new SelfSignedCertificate("stranger");
        try {
            TcpOptions.Tls tls = new TcpOptions.Tls(trusted.certificate().toPath(), trusted.privateKey().toPath(),
                    trusted.certificate().toPath(), true);
            TcpOptions.Tls untrusted = new TcpOptions.Tls(stranger.certificate().toPath(), stranger.privateKey().toPath(),
                    stranger.certificate().toPath(), true);
            TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()),
                    b -> b.transport(TcpTransport.create(TcpOptions.builder().beaconInterval(Duration.ofMillis(200)).tls(tls).build())));
            TestNodes.Node client = nodes.start("client", app -> { },
                    b -> b.transport(TcpTransport.create(TcpOptions.builder().beaconInterval(Duration.ofMillis(200)).tls(tls).build())));
            TestNodes.Node intruder = nodes.start("intruder", app -> { },
                    b -> b.transport(TcpTransport.create(TcpOptions.builder().beaconInterval(Duration.ofMillis(200)).tls(untrusted).build())));

            MeshTck.awaitService(client.app(), "todos");
            assertThat(client.app().service("todos").find().orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(List.of());
            assertThat(server.mesh().nodes().get(0).address()).startsWith("tls://");
            // the intruder hears beacons and dials, but no handshake completes: give it a few beacons
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> intruder.app().lookup("todos").isEmpty());
            assertThat(server.mesh().nodes()).extracting(NodeInfo::name).doesNotContain("intruder");
        } finally {
            trusted.delete();
            stranger.delete();
        }
    }

    @Test
    @Timeout(60)
    void aKilledNodeProcessFailsItsInFlightCreateAtOnceAndItsGetMovesToAnotherInstance() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dskein.discovery.interface=" + System.getProperty("skein.discovery.interface", "lo"),
                "-Djava.net.preferIPv4Stack=true", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                MeshServerMain.class.getName(), nodes.namespace())
                .redirectErrorStream(true).start();
        try {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                } catch (java.io.IOException ignored) {
                    // the process died
                }
            }, "server-output");
            reader.setDaemon(true);
            reader.start();
            awaitLine(lines, "READY");
            TestNodes.Node client = nodes.start("client", app -> { });
            MeshTck.awaitService(client.app(), "slow");

            CompletableFuture<Object> get = client.app().service("slow").get(1);
            CompletableFuture<Object> create = client.app().service("slow").create(Map.of());
            awaitLine(lines, "ENTERED");
            awaitLine(lines, "ENTERED");
            nodes.start("healthy", app -> app.use("slow", MeshTck.whoAmI("healthy")));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().size() == 2);

            try (Lateness lateness = Lateness.start()) {
                long killedAt = System.nanoTime();
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

                try {
                    create.orTimeout(10, TimeUnit.SECONDS).join();
                    throw new AssertionError("the create succeeded");
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(Unavailable.class);
                }
                assertThat(get.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo("healthy");
                // at once: by its closed connection, sooner than silence would tell (deadAfter), however late this JVM ran
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Mesh.DEFAULT_DEAD_AFTER.plus(lateness.max()));
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitLine(LinkedBlockingQueue<String> lines, String wanted) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.equals(wanted)) return;
        }
        throw new AssertionError("the node process never printed " + wanted);
    }
}
