package dev.skein.mesh;

/** The mesh over {@code tcp://} with multicast discovery on loopback (the build sets the interface). */
class TcpMeshTest extends MeshBehaviour {

    @Override
    protected String transport() {
        return "tcp://?beacon=200";
    }
}
