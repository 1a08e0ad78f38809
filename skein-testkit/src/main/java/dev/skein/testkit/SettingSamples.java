package dev.skein.testkit;

import dev.skein.core.settings.Setting;
import dev.skein.mesh.MeshOptions;
import dev.skein.mesh.MeshSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One value, other than its default, for every declared mesh setting that a file or a command line
 * can give, written as text: the same node configured through each source (flags, environment,
 * node file, Spring properties) must come out with the same options. The secret is left out (it is
 * never a flag nor in a file), as are the key files (the secret file stands for the credentials)
 * and the namespace (the deployment and cluster make it).
 */
public final class SettingSamples {

    private SettingSamples() {
    }

    /** The samples, by setting; the secret file is written in {@code dir}, readable by its owner only. */
    public static Map<Setting<?>, String> inside(Path dir) throws IOException {
        Path secret = dir.resolve("mesh.secret");
        Files.writeString(secret, "a-mesh-secret-of-at-least-32-bytes-000000\n");
        if (secret.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        Map<Setting<?>, String> s = new LinkedHashMap<>();
        s.put(MeshSettings.DEPLOYMENT, "acme");
        s.put(MeshSettings.CLUSTER, "blue");
        s.put(MeshSettings.ROLE, "historian");
        s.put(MeshSettings.TRANSPORT, "local://");
        s.put(MeshSettings.CODEC, "cbor");
        s.put(MeshSettings.MAX_FRAME_SIZE, "2MB");
        s.put(MeshSettings.TIMEOUT, "7s");
        s.put(MeshSettings.MAX_SERVING, "77");
        s.put(MeshSettings.MAX_QUEUED_EVENTS, "777");
        s.put(MeshSettings.MAX_PENDING_CALLS, "7777");
        s.put(MeshSettings.DIRECT_CALLBACKS, "true");
        s.put(MeshSettings.BALANCING, "random");
        s.put(MeshSettings.VERSIONS, "todos=^1.2");
        s.put(MeshSettings.PREFER_HIGHEST_VERSION, "true");
        s.put(MeshSettings.HEARTBEAT, "200ms");
        s.put(MeshSettings.DEAD_AFTER, "900ms");
        s.put(MeshSettings.DEPENDENCIES, "historian=2");
        s.put(MeshSettings.DISCOVERY_TIMEOUT, "3s");
        s.put(MeshSettings.DRAIN_TIMEOUT, "1s");
        s.put(MeshSettings.OFFLINE_RETENTION, "5m");
        s.put(MeshSettings.WAIT_FOR_TRANSPORT, "true");
        s.put(MeshSettings.SCAN_ERROR_THRESHOLD, "3");
        s.put(MeshSettings.MAX_FRAME_AGE, "2m");
        s.put(MeshSettings.VERIFY_USERS, "true");
        s.put(MeshSettings.REPLICATE, "todos/*");
        s.put(MeshSettings.SYNC, "todos");
        s.put(MeshSettings.PUBLISH, "todos");
        s.put(MeshSettings.CONSUME, "users");
        s.put(MeshSettings.SECRET_FILE, secret.toAbsolutePath().toString());
        return s;
    }

    /** Asserts that {@code options} hold every sample, told by {@code source} ("flags", "the node file"). */
    public static void assertHeld(MeshOptions options, Map<Setting<?>, String> samples, String source) {
        for (Map.Entry<Setting<?>, String> e : samples.entrySet()) {
            Setting<?> setting = e.getKey();
            assertThat((Object) options.get(setting)).as(setting + " from " + source).isEqualTo(setting.fromText(e.getValue()));
        }
        assertThat(options.namespace()).as("namespace from " + source).isEqualTo("acme.blue");
        assertThat(options.membership().deadAfter()).as("deadAfter from " + source).hasMillis(900);
        assertThat(options.calls().maxServing()).as("maxServing from " + source).isEqualTo(77);
        assertThat(options.security().credentials()).as("credentials from " + source).isNotNull();
        assertThat(options.services().publish().test("todos")).isTrue();
        assertThat(options.services().publish().test("users")).isFalse();
        assertThat(options.services().events().test("todos", "created")).isTrue();
        assertThat(options.services().events().test("users", "created")).isFalse();
    }
}
