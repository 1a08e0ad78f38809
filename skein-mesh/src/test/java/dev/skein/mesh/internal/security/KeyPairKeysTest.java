package dev.skein.mesh.internal.security;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key-pair credentials: key files (ours and OpenSSL's), trusted-key lists, signatures, and how session keys are announced. */
class KeyPairKeysTest {

    private static final KeyPair A = MeshCredentials.generateKeyPair();
    private static final KeyPair B = MeshCredentials.generateKeyPair();
    private static final KeyPair C = MeshCredentials.generateKeyPair();
    private static final TrustedKeys AB = TrustedKeys.builder().trust(A.getPublic(), "a", "reader").trust(B.getPublic(), "b").build();
    private static final byte[] PACKET = "{\"v\":1,\"t\":\"beat\",\"from\":\"a-1\"}".getBytes(StandardCharsets.UTF_8);

    private static KeyPairKeys keys(KeyPair own, TrustedKeys trusted) {
        return new KeyPairKeys(MeshCredentials.keyPair(own, trusted), "ns");
    }

    @Test
    void aKeyFileThatOpenSslMadeIsReadAndItsSignaturesVerifyWithItsTrustedPublicKey(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("node.key");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        assertThatThrownBy(() -> MeshCredentials.fromKeyFiles(key, dir.resolve("none")))
                .hasMessageContaining("PUBLIC KEY").hasMessageContaining("openssl pkey -in " + key + " -pubout");
        String pub = run("openssl", "pkey", "-in", key.toString(), "-pubout");
        Files.writeString(key, pub, java.nio.file.StandardOpenOption.APPEND);
        Path trusted = Files.writeString(dir.resolve("trusted"), "# comment\n\n" + TrustedKeys.text(TrustedKeys.publicKey(pub))
                + " openssl-1 billing,writer   # the OpenSSL-made key\n" + TrustedKeys.text(B.getPublic()) + " b\n");

        MeshCredentials credentials = MeshCredentials.fromKeyFiles(key, trusted);
        KeyPairKeys signer = new KeyPairKeys(credentials, "ns");
        KeyPairKeys verifier = keys(B, credentials.trustedKeys());
        byte[] proof = signer.prove("handshake", PACKET);

        assertThat(verifier.verify("handshake", signer.keyId(), PACKET, proof)).isTrue();
        assertThat(verifier.verify("beacon", signer.keyId(), PACKET, proof)).isFalse();
        assertThat(verifier.verify("handshake", signer.keyId(), "other".getBytes(StandardCharsets.UTF_8), proof)).isFalse();
        assertThat(verifier.identities(signer.keyId())).containsExactlyInAnyOrder("openssl-1", "billing", "writer");
        assertThat(credentials.toString()).doesNotContain("PRIVATE").contains(Integer.toHexString(signer.keyId()));
    }

    @Test
    void badKeyFilesAndTrustedKeyListsFailWithAMessageNamingTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Path sec1 = dir.resolve("sec1.key");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", sec1.toString());
        assertThatThrownBy(() -> MeshCredentials.fromKeyFiles(sec1, dir.resolve("t"))).hasMessageContaining("openssl pkcs8 -topk8");

        Path ours = dir.resolve("ours.key");
        MeshCredentials.writeKeyFile(A, ours);
        Path mixed = Files.writeString(dir.resolve("mixed.key"), Files.readString(ours).replaceAll("(?s)-----BEGIN PUBLIC KEY.*", "")
                + "-----BEGIN PUBLIC KEY-----\n" + TrustedKeys.text(B.getPublic()) + "\n-----END PUBLIC KEY-----\n");
        Files.setPosixFilePermissions(mixed, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")); // a key file is its owner's alone
        Path trusted = Files.writeString(dir.resolve("trusted"), TrustedKeys.text(A.getPublic()) + " a\n");
        assertThatThrownBy(() -> MeshCredentials.fromKeyFiles(mixed, trusted)).hasMessageContaining("do not belong together");

        Path badLine = Files.writeString(dir.resolve("bad"), TrustedKeys.text(A.getPublic()) + " a\nnot-a-key b\n");
        assertThatThrownBy(() -> TrustedKeys.fromFile(badLine)).hasMessageContaining(badLine.toString()).hasMessageContaining("line 2");
        Path noName = Files.writeString(dir.resolve("noname"), TrustedKeys.text(A.getPublic()) + "\n");
        assertThatThrownBy(() -> TrustedKeys.fromFile(noName)).hasMessageContaining("line 1").hasMessageContaining("a name");

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        assertThatThrownBy(() -> TrustedKeys.builder().trust(p384.getPublic(), "big")).hasMessageContaining("P-256");
        assertThatThrownBy(() -> MeshCredentials.keyPair(p384, AB)).hasMessageContaining("P-256");
    }

    /** A transport that only records what is sent through it. */
    private static final class Recorder implements Transport {
        final Map<String, List<byte[]>> sent = new ConcurrentHashMap<>();

        @Override
        public String scheme() {
            return "recorder";
        }

        @Override
        public CompletableFuture<Void> start(dev.skein.mesh.spi.TransportContext context) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean send(String nodeId, byte[] frame) {
            sent.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(frame);
            return true;
        }

        @Override
        public void broadcast(byte[] frame) {
            send("*", frame);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFrameOfAnUnknownSessionWaitsUntilTheSenderAnswersTheAskAndOnlyTrustedKeysCanOpenTheAnnouncement() throws Exception {
        KeyPairKeys aKeys = keys(A, AB);
        FrameSeal aSeal = new FrameSeal(aKeys, "a-1", Duration.ofMinutes(5));
        Recorder aWire = new Recorder();
        KeyExchange aExchange = new KeyExchange(aKeys, "a-1", Duration.ofMinutes(5), aWire, (p, f) -> { }, (n, i) -> { });

        KeyPairKeys bKeys = keys(B, AB);
        FrameSeal bSeal = new FrameSeal(bKeys, "b-1", Duration.ofMinutes(5));
        Recorder bWire = new Recorder();
        List<byte[]> delivered = new ArrayList<>();
        Map<String, Set<String>> identified = new ConcurrentHashMap<>();
        KeyExchange bExchange = new KeyExchange(bKeys, "b-1", Duration.ofMinutes(5), bWire, (p, f) -> {
            try {
                delivered.add(bSeal.open(f).payload());
            } catch (MalformedFrameException e) {
                throw new AssertionError(e);
            }
        }, identified::put);

        byte[] first = aSeal.seal(PACKET, null);
        byte[] second = aSeal.seal(PACKET, "b-1");
        for (byte[] frame : List.of(first, second)) {
            try {
                bSeal.open(frame);
                throw new AssertionError("opened without the session key");
            } catch (SealKeys.UnknownSessionException unknown) {
                bExchange.hold(null, frame, unknown);
            }
        }
        assertThat(bWire.sent.get("a-1")).hasSize(1); // one ask for both frames
        aExchange.receive(null, bWire.sent.get("a-1").get(0));
        byte[] answer = aWire.sent.get("b-1").get(0);
        assertThat(answer.length).isLessThan(aExchange.announcement().length);

        // a node with a key A does not trust cannot open the answer, and a tampered answer does not open
        KeyPairKeys cKeys = keys(C, TrustedKeys.builder().trust(A.getPublic(), "a").build());
        KeyExchange cExchange = new KeyExchange(cKeys, "c-1", Duration.ofMinutes(5), new Recorder(), (p, f) -> { }, (n, i) -> { });
        cExchange.receive(null, answer);
        assertThat(cKeys.knows(aKeys.keyId(), aKeys.ownSessionId(), "a-1")).isFalse();
        byte[] tampered = answer.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> bExchange.receive(null, tampered)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("does not open");
        assertThat(delivered).isEmpty();

        bExchange.receive(null, answer);
        assertThat(delivered).hasSize(2).allSatisfy(p -> assertThat(p).isEqualTo(PACKET));
        assertThat(identified).containsEntry("a-1", Set.of("a", "reader"));
        assertThat(bSeal.open(aSeal.seal(PACKET, "b-1")).payload()).isEqualTo(PACKET);
    }

    @Test
    void aFrameSealedForOneNodeAloneOpensThereAndNowhereElseEvenAtATrustedNodeThatKnowsTheSendersSessionKey() throws Exception {
        TrustedKeys abc = TrustedKeys.builder().trust(A.getPublic(), "a").trust(B.getPublic(), "b").trust(C.getPublic(), "c").build();
        KeyPairKeys aKeys = keys(A, abc);
        FrameSeal aSeal = new FrameSeal(aKeys, "a-1", Duration.ofMinutes(5));
        byte[] announcement = new KeyExchange(aKeys, "a-1", Duration.ofMinutes(5), new Recorder(), (p, f) -> { }, (n, i) -> { }).announcement();
        Map<String, FrameSeal> receivers = new java.util.LinkedHashMap<>();
        for (Object[] r : new Object[][]{{B, "b-1"}, {C, "c-1"}, {C, "b-1"}}) { // the last: c's key, in b's name
            KeyPairKeys k = keys((KeyPair) r[0], abc);
            FrameSeal seal = new FrameSeal(k, (String) r[1], Duration.ofMinutes(5));
            new KeyExchange(k, (String) r[1], Duration.ofMinutes(5), new Recorder(), (p, f) -> { }, (n, i) -> { }).receive(null, announcement);
            receivers.put(receivers.size() + ":" + r[1], seal);
            if (r[1].equals("b-1") && r[0] == B) aKeys.install(k.keyId(), k.ownSessionId(), "b-1", new byte[32]); // a has heard b
        }
        byte[] broadcast = aSeal.seal(PACKET, null);
        byte[] forB = aSeal.seal(PACKET, "b-1");

        assertThat(forB[0]).isEqualTo(FrameSeal.DIRECT);
        for (FrameSeal receiver : receivers.values()) assertThat(receiver.open(broadcast).payload()).isEqualTo(PACKET);
        assertThat(receivers.get("0:b-1").open(forB).payload()).isEqualTo(PACKET);
        assertThatThrownBy(() -> receivers.get("1:c-1").open(forB)).isInstanceOf(FrameSeal.DroppedFrameException.class)
                .hasMessageContaining("for another node alone");
        assertThatThrownBy(() -> receivers.get("2:b-1").open(forB)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void aNodeIdStaysBoundToTheFirstKeyThatAnnouncedItUntilTheNodeIsForgotten() throws Exception {
        KeyPairKeys bKeys = keys(B, AB);
        new FrameSeal(bKeys, "b-1", Duration.ofMinutes(5));
        KeyExchange bExchange = new KeyExchange(bKeys, "b-1", Duration.ofMinutes(5), new Recorder(), (p, f) -> { }, (n, i) -> { });
        KeyPairKeys genuine = keys(A, AB);
        new FrameSeal(genuine, "a-1", Duration.ofMinutes(5));
        KeyPairKeys impostor = keys(B, AB); // a trusted key, announcing a session under a-1's name
        new FrameSeal(impostor, "a-1", Duration.ofMinutes(5));

        bExchange.receive(null, new KeyExchange(genuine, "a-1", Duration.ofMinutes(5), new Recorder(), (p, f) -> { }, (n, i) -> { }).announcement());
        byte[] forged = new KeyExchange(impostor, "a-1", Duration.ofMinutes(5), new Recorder(), (p, f) -> { }, (n, i) -> { }).announcement();
        assertThatThrownBy(() -> bExchange.receive(null, forged)).isInstanceOf(FrameSeal.DroppedFrameException.class)
                .hasMessageContaining("known under another key");
        assertThat(bKeys.knows(impostor.keyId(), impostor.ownSessionId(), "a-1")).isFalse();

        bKeys.forget("a-1");
        bExchange.receive(null, forged);
        assertThat(bKeys.knows(impostor.keyId(), impostor.ownSessionId(), "a-1")).isTrue();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
