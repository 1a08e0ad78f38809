package dev.skein.testkit;

import dev.skein.mesh.*;

/** The mesh over {@code tcp://} with multicast discovery on loopback (the build sets the interface). */
class TcpMeshTest extends MeshTck {

    @Override
    protected String transport() {
        return "tcp://?beacon=200";
    }
}
