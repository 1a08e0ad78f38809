package dev.skein.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bearer token that opens {@code /health}, {@code /metrics} and {@code /fleet}
 * ({@code Gateway.Builder.operationsToken}): from {@code --operations-token-file}, else from
 * {@value #VARIABLE}; never from the command line, which every user of the machine sees.
 */
final class OperationsToken {

    /** The environment variable of the operations token. */
    static final String VARIABLE = "SKEIN_OPERATIONS_TOKEN";

    private OperationsToken() {
    }

    /** The token from {@code file}, else from {@value #VARIABLE}; null when neither is set. */
    static String read(Path file) {
        if (file != null) {
            try {
                String token = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (token.isEmpty()) throw new IllegalArgumentException("the operations token file " + file + " is empty");
                return token;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the operations token file " + file + ": " + dev.skein.mesh.SecretFiles.describe(e, file), e);
            }
        }
        String value = System.getenv(VARIABLE);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
