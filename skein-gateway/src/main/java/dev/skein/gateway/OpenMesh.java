package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.gateway.auth.Authentication;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshOptions;

/**
 * The refusal of a gateway with authentication on an open mesh: the gateway's calls carry each
 * user's access token, and on a mesh without credentials any process that joins the namespace
 * and offers the service receives them. The in-process transport ({@code local://}) is no one
 * else's to join.
 */
final class OpenMesh {

    private OpenMesh() {
    }

    /** @throws IllegalStateException when {@code app} has authentication on an open mesh and that was not allowed */
    static void refuse(App app, boolean allowed) {
        if (allowed || app.plugin(Authentication.class).isEmpty()) return;
        Mesh mesh = app.plugin(Mesh.class).orElse(null);
        if (mesh == null || !isOpen(mesh.options())) return;
        throw new IllegalStateException("A gateway with authentication on an open mesh (no secret, no key pair) hands every user's access "
                + "token to any process that joins namespace '" + mesh.options().namespace() + "': give the mesh credentials "
                + "(Mesh.Builder.credentials, --secret-file, --key-file) or, if every process that can join is trusted, "
                + "Gateway.Builder.allowOpenMesh(true) (--allow-open-mesh)");
    }

    /** Whether other processes may join the mesh without credentials. */
    static boolean isOpen(MeshOptions options) {
        if (options.security().credentials() != null) return false;
        String scheme = options.transportInstance() != null ? options.transportInstance().scheme()
                : options.transport() == null ? "" : options.transport().replaceFirst(":.*", "");
        return !"local".equalsIgnoreCase(scheme);
    }
}
