package dev.skein.testkit;

import dev.skein.mesh.Mesh;

/** The whole transport TCK over {@code tcp://} with mesh credentials: every behaviour holds with sealed packets and proven handshakes. */
class TcpSealedMeshTest extends MeshTck {

    @Override
    protected String transport() {
        return "tcp://?beacon=200";
    }

    @Override
    protected void defaults(Mesh.Builder builder) {
        builder.credentials(SecurityTck.SECRET);
    }
}
