package dev.skein.examples.autheverynode;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node of a distributed application (feathers-distributed): it serves one service, closed to
 * callers without a valid token, checks that token itself with the authentication secret every
 * node shares, and has a gateway of its own, so a client may log in and call on any node. With
 * {@code verifyUsers(true)} it never believes a user that another node sends along with a call:
 * only the token travels, and this node looks the user up from it.
 */
public final class SecuredNode {

    /** The mesh of this example: nodes of other namespaces are ignored. */
    public static final String NAMESPACE = "auth-every-node-example";

    private SecuredNode() {
    }

    /** The two secrets every node shares: one signs users' tokens, one admits nodes to the mesh. */
    public record Secrets(String authentication, MeshCredentials mesh) {

        /** Reads both from files; a secret on the command line would show in {@code ps}. */
        public static Secrets fromFiles(Path authenticationSecret, Path meshSecret) throws IOException {
            return new Secrets(Files.readString(authenticationSecret).strip(), MeshCredentials.fromFile(meshSecret));
        }
    }

    /**
     * Starts a node.
     *
     * @param path       the service it serves ({@code notes}, {@code todos}...)
     * @param holdsUsers whether the users service (with sign-up) lives here; exactly one node holds it
     * @param transport  the mesh transport, e.g. {@code tcp://127.0.0.1:7101?multicast=false}
     * @param httpPort   the port of its gateway, on 127.0.0.1 (0: any free port)
     */
    public static App start(String path, boolean holdsUsers, String transport, String namespace, Secrets secrets, int httpPort) {
        App app = App.builder().name(path).build();
        app.configure(Authentication.builder(secrets.authentication()).build());   // the same secret on every node
        if (holdsUsers) app.configure(Users.builder().signUp(true).build());
        app.use(path, new MemoryService());
        app.service(path).hooks()
                .beforeAsync(Methods.ALL, Auth.authenticate())       // this node checks the token, whoever forwarded the call
                .before(Methods.CREATE, ctx -> ctx.data(withOwner(ctx.data(), ctx.params().user())));
        app.configure(Mesh.builder().transport(transport).namespace(namespace)
                .credentials(secrets.mesh())     // only holders of the mesh secret join, every packet sealed
                .verifyUsers(true)               // a user map another node sends is dropped: only its token counts
                .build());
        Gateway gateway = Gateway.builder().host("127.0.0.1").port(httpPort).build();
        app.configure(gateway);
        gateway.started().join();
        return app;
    }

    private static Map<String, Object> withOwner(Object data, Map<String, Object> user) {
        Map<String, Object> item = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> fields) fields.forEach((key, value) -> item.put(String.valueOf(key), value));
        item.put("owner", user.get("email"));
        return item;
    }

    /**
     * Arguments: service path, mesh transport URI, HTTP port, and {@code --users} on the node that
     * holds the users. Secrets: the files $SKEIN_AUTH_SECRET_FILE and $SKEIN_MESH_SECRET_FILE.
     */
    public static void main(String[] args) throws Exception {
        String authFile = System.getenv("SKEIN_AUTH_SECRET_FILE");
        String meshFile = System.getenv("SKEIN_MESH_SECRET_FILE");
        if (args.length < 3 || authFile == null || meshFile == null) {
            System.err.println("Usage: SKEIN_AUTH_SECRET_FILE=auth.secret SKEIN_MESH_SECRET_FILE=mesh.secret SecuredNode <path> <transport> <http port> [--users]");
            System.exit(2);
        }
        int httpPort = Integer.parseInt(args[2]);
        App app = start(args[0], args.length > 3 && args[3].equals("--users"), args[1], NAMESPACE,
                Secrets.fromFiles(Path.of(authFile), Path.of(meshFile)), httpPort);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("Serving " + args[0] + " at http://127.0.0.1:" + httpPort + ", mesh " + args[1] + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
