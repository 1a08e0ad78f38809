package dev.skein.testkit;

import dev.skein.mesh.*;

/** The behaviour suite with the binary (CBOR) codec. */
class LocalCborMeshTest extends MeshTck {

    @Override
    protected String transport() {
        return "local://";
    }

    @Override
    protected void defaults(Mesh.Builder builder) {
        builder.codec("cbor");
    }
}
