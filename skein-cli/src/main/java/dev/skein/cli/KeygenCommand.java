package dev.skein.cli;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/** {@code skein keygen}: a node key pair, and the line that trusts it. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Make a node key pair for key-pair mesh credentials and print its trust line.",
                "Writes the key pair (EC P-256, PEM) to --key-file, readable by its owner only, and prints the line",
                "to add to the --trusted-keys file of every node that should trust it."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:wrote the key file; the trust line is on stdout", "1:the key file exists (keep it, or --force) or cannot be written",
                "2:usage, e.g. a --name or --roles with a space"})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--key-file", required = true, description = "Where to write the key pair (PEM); an existing file is kept unless --force")
    Path keyFile;

    @Option(names = "--name", required = true, description = "The identity the key gives its holders, for access rules (e.g. billing-1)")
    String name;

    @Option(names = "--roles", split = ",", description = "Roles the key gives, comma-separated (e.g. billing,writer)")
    String[] roles = new String[0];

    @Option(names = "--force", description = "Replace an existing key file")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(keyFile) && !force) {
            System.err.println("skein keygen: " + keyFile + " exists; keep it, or replace it with --force");
            return 1;
        }
        KeyPair pair = MeshCredentials.generateKeyPair();
        InvalidOptionException.checking(() -> TrustedKeys.builder().trust(pair.getPublic(), name, roles)); // checks the name and roles before anything is written
        MeshCredentials.writeKeyFile(pair, keyFile);
        System.err.println("Wrote " + keyFile + " (key id " + TrustedKeys.keyIdText(TrustedKeys.keyId(pair.getPublic()))
                + "). Add this line to the --trusted-keys file of every node that should trust it:");
        System.out.println(TrustedKeys.text(pair.getPublic()) + " " + name + (roles.length == 0 ? "" : " " + String.join(",", roles)));
        return 0;
    }
}
