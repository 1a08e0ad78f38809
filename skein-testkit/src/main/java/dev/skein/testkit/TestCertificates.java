package dev.skein.testkit;

import dev.skein.testguard.TestFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, for brokers a test
 * starts with TLS: the server certificate names {@code localhost} and {@code 127.0.0.1}, so
 * clients that verify host names accept it. Made with the {@code openssl} command (BouncyCastle
 * would clash with the {@code bcprov-lts8on} that jnats brings). The files are readable by every
 * user (Debian's RabbitMQ drops to its own user); only the test's clients trust the authority.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new authority and a server certificate for {@code localhost} and {@code 127.0.0.1}, in a new temporary folder. */
    public static TestCertificates create() {
        return create("DNS:localhost", "IP:127.0.0.1");
    }

    /** A new authority and a server certificate for these names ({@code DNS:localhost}, {@code IP:127.0.0.1}...). */
    public static TestCertificates create(String... subjectAltNames) {
        try {
            Path dir = TestFiles.deleteAtExit(Files.createTempDirectory("skein-tls"));
            Files.writeString(dir.resolve("server.ext"), "basicConstraints=CA:FALSE\n"
                    + "keyUsage=digitalSignature,keyEncipherment\n"
                    + "extendedKeyUsage=serverAuth\n"
                    + "subjectAltName=" + String.join(",", subjectAltNames) + "\n");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=Skein test CA");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr",
                    "-subj", "/CN=localhost");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
            for (String file : List.of("ca.pem", "server.pem", "server-key.pem")) dir.resolve(file).toFile().setReadable(true, false);
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making test certificates", e);
        }
    }

    /** The authority's certificate (PEM). */
    public Path authority() {
        return dir.resolve("ca.pem");
    }

    /** The server's certificate (PEM), signed by the authority. */
    public Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    /** The server's private key (PKCS#8 PEM). */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /**
     * A node's certificate (PEM) and its private key (PKCS#8 PEM), signed by the authority.
     *
     * @param certificate the file of the node's certificate
     * @param privateKey  the file of its private key
     */
    public record NodeCertificate(Path certificate, Path privateKey) {

    }

    /**
     * A certificate for a mesh node, good for both ends of mutual TLS, whose subject is
     * {@code CN=commonName} with one {@code OU} per role: the identities the mesh's access rules see.
     */
    public NodeCertificate node(String commonName, String... roles) {
        try {
            String name = commonName.replaceAll("[^A-Za-z0-9-]", "_");
            Files.writeString(dir.resolve("node.ext"), "basicConstraints=CA:FALSE\n"
                    + "keyUsage=digitalSignature,keyEncipherment\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n"
                    + "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            StringBuilder subject = new StringBuilder("/CN=" + commonName);
            for (String role : roles) subject.append("/OU=").append(role);
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out", name + ".csr",
                    "-subj", subject.toString());
            openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", "node.ext");
            return new NodeCertificate(dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a node certificate", e);
        }
    }

    /** Deletes the folder of this authority and every certificate made with it. */
    public void delete() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS context that trusts the authority and nothing else. */
    public SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(authority())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("skein-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context for the test authority", e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + new String(output));
        }
    }
}
