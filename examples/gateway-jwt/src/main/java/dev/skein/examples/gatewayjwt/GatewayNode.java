package dev.skein.examples.gatewayjwt;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * feathers-distributed's API gateway: the one node outside clients reach. It signs users up, logs
 * them in (local strategy, then a JWT) and asks for a valid token on every call of a remote
 * service before the call leaves for the node that serves it. The service nodes behind it know
 * nothing of authentication; they receive the user the gateway verified.
 */
public final class GatewayNode {

    /** The mesh of this example: nodes of other namespaces are ignored. */
    public static final String NAMESPACE = "gateway-jwt-example";

    private GatewayNode() {
    }

    /**
     * Starts the gateway node.
     *
     * @param transport  the mesh transport, e.g. {@code tcp://127.0.0.1:7000?multicast=false}
     * @param authSecret the secret that signs the tokens (32 bytes or more)
     * @param mesh       the mesh's credentials: the calls carry the users' tokens, so no process without them may join
     * @param httpPort   the port of REST and the WebSocket, on 127.0.0.1 (0: any free port)
     */
    public static App start(String transport, String namespace, String authSecret, MeshCredentials mesh, int httpPort) {
        App app = App.builder().name("gateway").build();
        app.configure(Authentication.builder(authSecret).build());     // POST /authentication answers a JWT
        app.configure(Users.builder().signUp(true).build());            // POST /users signs up; the rest needs a token
        app.configure(Mesh.builder().transport(transport).namespace(namespace).credentials(mesh)
                // every proxy of a remote service checks the caller's token first
                .proxyHooks(hooks -> hooks.beforeAsync(Methods.ALL, Auth.authenticate()))
                .build());
        Gateway gateway = Gateway.builder().host("127.0.0.1").port(httpPort).build();
        app.configure(gateway);
        gateway.started().join();
        return app;
    }

    /** The mesh secret from the file $SKEIN_MESH_SECRET_FILE; exits with a usage line when it is not set. */
    static MeshCredentials meshCredentials() {
        String file = System.getenv("SKEIN_MESH_SECRET_FILE");
        if (file == null) {
            System.err.println("Set SKEIN_MESH_SECRET_FILE to a file holding the mesh secret: openssl rand -base64 32 > mesh.secret");
            System.exit(2);
        }
        return MeshCredentials.fromFile(Path.of(file));
    }

    /** The token secret, read from a file: a secret on the command line would show in {@code ps}. */
    public static String readSecret(Path file) throws java.io.IOException {
        return Files.readString(file).strip();
    }

    /** Arguments: [mesh transport URI]. The token secret comes from the file $SKEIN_AUTH_SECRET_FILE, the mesh's from $SKEIN_MESH_SECRET_FILE. */
    public static void main(String[] args) throws Exception {
        String secretFile = System.getenv("SKEIN_AUTH_SECRET_FILE");
        if (secretFile == null) {
            System.err.println("Set SKEIN_AUTH_SECRET_FILE to a file holding the token secret: openssl rand -base64 32 > jwt.secret");
            System.exit(2);
        }
        String transport = args.length > 0 ? args[0] : "tcp://127.0.0.1:7000?multicast=false";
        App app = start(transport, NAMESPACE, readSecret(Path.of(secretFile)), meshCredentials(), 3030);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("Gateway on http://127.0.0.1:3030, mesh " + transport + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
