package dev.skein.mesh.internal;

import dev.skein.core.Params;
import dev.skein.core.internal.DirectService;

import java.util.concurrent.CompletionStage;

/** The local proxy of a service whose instances live on other nodes: every method becomes a mesh call. */
final class RemoteProxy implements DirectService {

    private final MeshNode node;
    private final String remotePath;
    /** The node's directCallbacks, read once: the handle asks at every call. */
    private final boolean directCallbacks;

    RemoteProxy(MeshNode node, String remotePath) {
        this.node = node;
        this.remotePath = remotePath;
        this.directCallbacks = node.directCallbacks();
    }

    String remotePath() {
        return remotePath;
    }

    @Override
    public CompletionStage<Object> call(String method, Object id, Object data, Params params) {
        return node.route(remotePath, method, id, data, params);
    }

    @Override
    public boolean directCallbacks() {
        return directCallbacks;
    }

    @Override
    public String toString() {
        return "RemoteProxy{" + remotePath + "}";
    }
}
