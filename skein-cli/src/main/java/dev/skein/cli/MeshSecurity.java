package dev.skein.cli;

import dev.skein.mesh.Access;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.SecretFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The security settings of a node, from every place they may be given: the flags, the environment
 * and, with {@code --config}, the node file. Each setting has the same name everywhere (the flag
 * {@code --secret-file}, the file's {@code mesh.secretFile}, Spring's {@code skein.mesh.secret-file}).
 * A setting given two ways with different values, or a combination that cannot be honoured, is an
 * IllegalArgumentException of one line naming what was given where; never silently one of them.
 *
 * @param credentials the mesh credentials, or null for an open mesh
 * @param access      the access rules, or null for none
 * @param transport   the transport URI, with the broker password if one was given apart
 */
record MeshSecurity(MeshCredentials credentials, Access access, String transport) {

    /** The settings of the flags and the environment, and of {@code file} when not null. */
    static MeshSecurity of(MeshArgs flags, NodeConfig file) {
        SettingSources<MeshCredentials> credentials = new SettingSources<>("the mesh credentials");
        if (file != null) file.credentials(credentials);
        flags.credentials(credentials);
        credentials.add("$" + MeshCredentials.ENVIRONMENT_VARIABLE, MeshCredentials.fromEnvironment(MeshCredentials.ENVIRONMENT_VARIABLE));
        MeshCredentials held = credentials.value();

        Access fromFile = file == null ? null : file.access();
        Access fromFlags = AccessRules.fromFlags(flags.allowCall, flags.allowOffer);
        if (fromFile != null && fromFlags != null) {
            throw new IllegalArgumentException("access rules are given two ways, mesh.access and --allow-call/--allow-offer; give them one way");
        }
        Access access = fromFile != null ? fromFile : fromFlags;
        if (access != null && (held == null || !held.isKeyPair())) {
            String where = fromFile != null ? "mesh.access" : "--allow-call/--allow-offer";
            throw new IllegalArgumentException("access rules (" + where + ") name node identities, which only node key pairs prove here: add "
                    + (fromFile != null ? "mesh.keyFile and mesh.trustedKeysFile" : "--key-file and --trusted-keys-file")
                    + (held == null ? "" : " instead of " + credentials.where())
                    + "; without them every path the rules name is closed to every other node");
        }

        SettingSources<String> password = new SettingSources<>("the broker password");
        if (file != null) password.add("mesh.transportPasswordFile", password(file.transportPasswordFile()));
        password.add("--transport-password-file", password(flags.transportPasswordFile));
        String variable = System.getenv(TransportPassword.VARIABLE);
        password.add("$" + TransportPassword.VARIABLE, variable == null || variable.isBlank() ? null : variable.strip());
        String uri = file != null ? file.transport() : flags.transportUri();
        return new MeshSecurity(held, access, TransportPassword.into(uri, password.value(), password.where()));
    }

    /** The password in {@code file}, or null without a file. */
    private static String password(Path file) {
        if (file == null) return null;
        String password = SecretFiles.readSecret(file, "the transport password file", StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) throw new IllegalArgumentException("the transport password file " + file + " is empty");
        return password;
    }

    /** Credentials from a secret file, or from a key file with its trusted keys file, as one setting named {@code secretName} or {@code keyName} with {@code trustedName}. */
    static void credentials(SettingSources<MeshCredentials> into, Path secretFile, Path keyFile, Path trustedKeysFile,
                            String secretName, String keyName, String trustedName) {
        if (keyFile != null || trustedKeysFile != null) {
            if (keyFile == null || trustedKeysFile == null) throw new IllegalArgumentException(keyName + " and " + trustedName + " go together");
            if (secretFile != null) throw new IllegalArgumentException("use either " + secretName + " or " + keyName + ", not both");
            into.add(keyName + " with " + trustedName, MeshCredentials.fromKeyFiles(keyFile, trustedKeysFile));
        } else if (secretFile != null) {
            into.add(secretName, MeshCredentials.fromFile(secretFile));
        }
    }
}
