package dev.skein.cli;

import dev.skein.mesh.MeshCredentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CLI takes secrets from: a file named on the command line, else an environment
 * variable; never the command line itself, which every user of the machine sees ({@code ps}).
 */
final class Secrets {

    /** The environment variable of the gateway's token secret. */
    static final String AUTH_SECRET_VARIABLE = "SKEIN_AUTH_SECRET";

    private Secrets() {
    }

    /** The gateway's token secret from {@code file}, else from {@value #AUTH_SECRET_VARIABLE}; null when neither is set. */
    static String authSecret(Path file) {
        if (file != null) {
            try {
                String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (secret.isEmpty()) throw new IllegalArgumentException("the secret file " + file + " is empty");
                return secret;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret file " + file + ": " + e.getMessage(), e);
            }
        }
        String value = System.getenv(AUTH_SECRET_VARIABLE);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A key pair and the keys it trusts when {@code keyFile} is given; else the mesh secret(s) from
     * {@code secretFile}, else from {@value MeshCredentials#ENVIRONMENT_VARIABLE}; null for an open mesh.
     */
    static MeshCredentials meshCredentials(Path secretFile, Path keyFile, Path trustedKeys) {
        if (keyFile != null || trustedKeys != null) {
            if (keyFile == null || trustedKeys == null) throw new IllegalArgumentException("--key-file and --trusted-keys go together");
            if (secretFile != null) throw new IllegalArgumentException("use either --secret-file or --key-file, not both");
            return MeshCredentials.fromKeyFiles(keyFile, trustedKeys);
        }
        return secretFile != null ? MeshCredentials.fromFile(secretFile) : MeshCredentials.fromEnvironment(MeshCredentials.ENVIRONMENT_VARIABLE);
    }
}
