package dev.skein.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Node key files: an EC P-256 key pair as PEM, its PKCS#8 private key and its X.509 public key. */
final class KeyFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private KeyFiles() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }

    static void write(KeyPair pair, Path file) {
        String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + file + ": " + e.getMessage(), e);
        }
    }

    static KeyPair read(Path file) {
        String text = SecretFiles.readSecret(file, "the key file", StandardCharsets.US_ASCII);
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException("the key file " + file + " holds a SEC1 'EC PRIVATE KEY';"
                        + " convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in old.key -out " + file);
                default -> { }
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IllegalArgumentException("the key file " + file + " must hold a PEM 'PRIVATE KEY' and its 'PUBLIC KEY'"
                    + (privateDer != null ? "; add the public key: openssl pkey -in " + file + " -pubout >> " + file : "")
                    + "; make one with: skein keygen --key-file " + file);
        }
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            KeyPair pair = new KeyPair(ec.generatePublic(new X509EncodedKeySpec(publicDer)), ec.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
            TrustedKeys.requireP256(pair.getPublic());
            TrustedKeys.requireP256(pair.getPrivate());
            return pair;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the key file " + file + " does not hold an EC P-256 key pair: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
