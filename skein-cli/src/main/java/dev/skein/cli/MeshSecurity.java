package dev.skein.cli;

import dev.skein.core.settings.GivenSettings;
import dev.skein.mesh.Access;
import dev.skein.mesh.MeshSettings;
import dev.skein.mesh.SecretFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What the declared settings alone cannot say about a node's security, from every place it may be
 * given: the access rules (the node file's {@code mesh.access}, or {@code --allow-call} and
 * {@code --allow-offer}) and the broker password kept out of the transport URI. The mesh
 * credentials are declared settings ({@code secret}, {@code secretFile}, {@code keyFile} with
 * {@code trustedKeysFile}), weighed by the mesh builder itself. A setting given two ways with
 * different values, or a combination that cannot be honoured, is an IllegalArgumentException of one
 * line naming what was given where; never silently one of them.
 *
 * @param access    the access rules, or null for none
 * @param transport the transport URI, with the broker password if one was given apart
 */
record MeshSecurity(Access access, String transport) {

    /** The settings of the flags and the environment, and of {@code file} when not null. */
    static MeshSecurity of(MeshArgs flags, NodeConfig file, GivenSettings settings) {
        Access fromFile = file == null ? null : file.access();
        Access fromFlags = AccessRules.fromFlags(flags.allowCall, flags.allowOffer);
        if (fromFile != null && fromFlags != null) {
            throw new IllegalArgumentException("access rules are given two ways, mesh.access and --allow-call/--allow-offer; give them one way");
        }
        Access access = fromFile != null ? fromFile : fromFlags;
        if (access != null && !settings.has(MeshSettings.KEY_FILE)) {
            String where = fromFile != null ? "mesh.access" : "--allow-call/--allow-offer";
            String held = settings.has(MeshSettings.SECRET) ? settings.where(MeshSettings.SECRET)
                    : settings.has(MeshSettings.SECRET_FILE) ? settings.where(MeshSettings.SECRET_FILE) : null;
            throw new IllegalArgumentException("access rules (" + where + ") name node identities, which only node key pairs prove here: add "
                    + (fromFile != null ? "mesh.keyFile and mesh.trustedKeysFile" : "--key-file and --trusted-keys-file")
                    + (held == null ? "" : " instead of " + held)
                    + "; without them every path the rules name is closed to every other node");
        }

        SettingSources<String> password = new SettingSources<>("the broker password");
        if (file != null) password.add("mesh.transportPasswordFile", password(file.transportPasswordFile()));
        password.add("--transport-password-file", password(flags.transportPasswordFile));
        String variable = System.getenv(TransportPassword.VARIABLE);
        password.add("$" + TransportPassword.VARIABLE, variable == null || variable.isBlank() ? null : variable.strip());
        String uri = MeshArgs.transportUri(settings);
        if (file != null && settings.has(MeshSettings.TRANSPORT)) file.checkTransport(uri);
        return new MeshSecurity(access, TransportPassword.into(uri, password.value(), password.where()));
    }

    /** The password in {@code file}, or null without a file. */
    private static String password(Path file) {
        if (file == null) return null;
        String password = SecretFiles.readSecret(file, "the transport password file", StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) throw new IllegalArgumentException("the transport password file " + file + " is empty");
        return password;
    }
}
