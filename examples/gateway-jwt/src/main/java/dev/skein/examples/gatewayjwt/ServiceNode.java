package dev.skein.examples.gatewayjwt;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A microservice behind the gateway: one memory service on a node of its own, with no
 * authentication at all. It trusts the mesh, and stamps each new item with the user the gateway
 * verified ({@code params.user()} travels with the call).
 */
public final class ServiceNode {

    private ServiceNode() {
    }

    /** Starts a node serving a memory service at {@code path} ({@code todos}, {@code messages}...) on the mesh of these credentials. */
    public static App start(String path, String transport, String namespace, MeshCredentials mesh) {
        App app = App.builder().name(path).build();
        app.use(path, new MemoryService());
        app.service(path).hooks().before(Methods.CREATE, ctx -> {
            Map<String, Object> item = new LinkedHashMap<>();
            if (ctx.data() instanceof Map<?, ?> data) data.forEach((key, value) -> item.put(String.valueOf(key), value));
            Map<String, Object> user = ctx.params().user();
            item.put("createdBy", user == null ? null : user.get("email"));
            ctx.data(item);
        });
        app.configure(Mesh.builder().transport(transport).namespace(namespace).credentials(mesh).build());
        return app;
    }

    /** Arguments: service path, mesh transport URI (seeds naming the gateway's mesh port). */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("Usage: ServiceNode <path> <transport>, e.g. todos 'tcp://127.0.0.1:7001?multicast=false&seeds=127.0.0.1:7000'");
            System.exit(2);
        }
        App app = start(args[0], args[1], GatewayNode.NAMESPACE, GatewayNode.meshCredentials());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("Serving " + args[0] + " on " + args[1] + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
