package dev.skein.mesh.internal;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;

import java.util.concurrent.CompletionStage;

/** The local proxy of a service whose instances live on other nodes: every method becomes a mesh call. */
final class RemoteProxy implements Service, dev.skein.core.internal.DirectService {

    private final MeshNode node;
    private final String remotePath;

    RemoteProxy(MeshNode node, String remotePath) {
        this.node = node;
        this.remotePath = remotePath;
    }

    String remotePath() {
        return remotePath;
    }

    @Override
    public CompletionStage<Object> find(Params params) {
        return node.route(remotePath, Methods.FIND, null, null, params);
    }

    @Override
    public CompletionStage<Object> get(Object id, Params params) {
        return node.route(remotePath, Methods.GET, id, null, params);
    }

    @Override
    public CompletionStage<Object> create(Object data, Params params) {
        return node.route(remotePath, Methods.CREATE, null, data, params);
    }

    @Override
    public CompletionStage<Object> update(Object id, Object data, Params params) {
        return node.route(remotePath, Methods.UPDATE, id, data, params);
    }

    @Override
    public CompletionStage<Object> patch(Object id, Object data, Params params) {
        return node.route(remotePath, Methods.PATCH, id, data, params);
    }

    @Override
    public CompletionStage<Object> remove(Object id, Params params) {
        return node.route(remotePath, Methods.REMOVE, id, null, params);
    }

    @Override
    public CompletionStage<Object> invoke(String method, Object data, Params params) {
        return node.route(remotePath, method, null, data, params);
    }

    @Override
    public String toString() {
        return "RemoteProxy{" + remotePath + "}";
    }
}
