package dev.skein.mesh;

import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mesh credentials from the one kind given: a {@link MeshCredentials} object, the
 * {@link MeshSettings#SECRET secret}, a {@link MeshSettings#SECRET_FILE secret file}, or a
 * {@link MeshSettings#KEY_FILE key file} with its {@link MeshSettings#TRUSTED_KEYS_FILE trusted keys}.
 * Two kinds at once are refused, naming both: a node never picks one silently.
 */
final class MeshCredentialSources {

    private MeshCredentialSources() {
    }

    @SuppressWarnings("unchecked")
    static MeshCredentials resolve(MeshCredentials object, Map<Setting<?>, Object> given) {
        List<String> kinds = new ArrayList<>();
        List<Setting<?>> settings = new ArrayList<>();
        if (object != null) kinds.add("credentials(..)");
        for (Setting<?> s : List.of(MeshSettings.SECRET, MeshSettings.SECRET_FILE, MeshSettings.KEY_FILE)) {
            if (given.containsKey(s)) {
                kinds.add(s.name());
                settings.add(s);
            }
        }
        Path trusted = (Path) given.get(MeshSettings.TRUSTED_KEYS_FILE);
        if (trusted != null && !given.containsKey(MeshSettings.KEY_FILE)) {
            throw new SettingException("trustedKeysFile needs keyFile: the two go together", List.of(MeshSettings.TRUSTED_KEYS_FILE, MeshSettings.KEY_FILE));
        }
        if (kinds.size() > 1) {
            throw new SettingException("the mesh credentials are given two ways, " + kinds.get(0) + " and " + kinds.get(1)
                    + "; give one kind: secret, secretFile, or keyFile with trustedKeysFile", settings);
        }
        if (object != null) return object;
        if (given.containsKey(MeshSettings.SECRET)) {
            List<String> secrets = (List<String>) given.get(MeshSettings.SECRET);
            try {
                return MeshCredentials.secret(secrets.get(0).strip(), secrets.subList(1, secrets.size()).stream().map(String::strip).toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw refusal("secret: " + e.getMessage(), MeshSettings.SECRET, e);
            }
        }
        try {
            if (given.containsKey(MeshSettings.SECRET_FILE)) return MeshCredentials.fromFile((Path) given.get(MeshSettings.SECRET_FILE));
            if (given.containsKey(MeshSettings.KEY_FILE)) {
                if (trusted == null) {
                    throw new SettingException("keyFile needs trustedKeysFile: the two go together", List.of(MeshSettings.KEY_FILE, MeshSettings.TRUSTED_KEYS_FILE));
                }
                return MeshCredentials.fromKeyFiles((Path) given.get(MeshSettings.KEY_FILE), trusted);
            }
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw refusal(e.getMessage(), given.containsKey(MeshSettings.SECRET_FILE) ? MeshSettings.SECRET_FILE : MeshSettings.KEY_FILE, e);
        }
        return null;
    }

    private static SettingException refusal(String message, Setting<?> setting, Exception cause) {
        SettingException e = new SettingException(message, setting);
        e.initCause(cause);
        return e;
    }
}
