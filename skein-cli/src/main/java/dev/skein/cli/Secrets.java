package dev.skein.cli;

import dev.skein.mesh.SecretFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the CLI takes secrets from: a file named on the command line, readable by its owner only
 * ({@link SecretFiles}), else an environment variable; never the command line itself, which every
 * user of the machine sees ({@code ps}). The mesh's own are resolved by {@link MeshSecurity}.
 */
final class Secrets {

    /** The environment variable of the gateway's token secret. */
    static final String AUTH_SECRET_VARIABLE = "SKEIN_AUTH_SECRET";

    private Secrets() {
    }

    /**
     * The gateway's token secret from {@code file}, else from {@value #AUTH_SECRET_VARIABLE}; null when neither is set.
     *
     * @throws IllegalArgumentException when the file is empty, or others than its owner may read it
     */
    static String authSecret(Path file) {
        if (file != null) {
            String secret = SecretFiles.readSecret(file, "the secret file", StandardCharsets.UTF_8).trim();
            if (secret.isEmpty()) throw new IllegalArgumentException("the secret file " + file + " is empty");
            return secret;
        }
        String value = System.getenv(AUTH_SECRET_VARIABLE);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
