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
            System.err.println("Set SKEIN_MESH_SECRET_FILE to a file holding the mesh secret: openssl rand -base64 32 > examples/gateway-jwt/target/mesh.secret");
            System.exit(2);
        }
        return MeshCredentials.fromFile(Path.of(file));
    }

    /** The token secret, read from a file: a secret on the command line would show in {@code ps}. */
    public static String readSecret(Path file) throws java.io.IOException {
        return Files.readString(file).strip();
    }

    /** The token secret's option and variable, as {@code skein gateway} names them (docs/CLI.md). */
    static final String AUTH_SECRET_FILE_OPTION = "--auth-secret-file";
    static final String AUTH_SECRET_VARIABLE = "SKEIN_AUTH_SECRET";

    /**
     * The token secret as {@code skein gateway} takes it: from the file after {@code --auth-secret-file}
     * in {@code args}, else from the variable {@value #AUTH_SECRET_VARIABLE}; null when neither is given.
     */
    static String authSecret(java.util.List<String> args, java.util.function.Function<String, String> environment) throws java.io.IOException {
        int at = args.indexOf(AUTH_SECRET_FILE_OPTION);
        if (at >= 0) {
            if (at + 1 >= args.size()) throw new IllegalArgumentException(AUTH_SECRET_FILE_OPTION + " needs a file");
            return readSecret(Path.of(args.get(at + 1)));
        }
        String value = environment.apply(AUTH_SECRET_VARIABLE);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Arguments: [--auth-secret-file FILE] [mesh transport URI]. The token secret comes from that file or
     * $SKEIN_AUTH_SECRET, the mesh's from the file $SKEIN_MESH_SECRET_FILE: the names of {@code skein gateway}.
     */
    public static void main(String[] args) throws Exception {
        java.util.List<String> given = java.util.List.of(args);
        String authSecret = authSecret(given, System::getenv);
        if (authSecret == null) {
            System.err.println("Give the token secret with " + AUTH_SECRET_FILE_OPTION + " FILE or $" + AUTH_SECRET_VARIABLE
                    + ": openssl rand -base64 32 > examples/gateway-jwt/target/jwt.secret");
            System.exit(2);
        }
        java.util.List<String> rest = new java.util.ArrayList<>(given);
        int at = rest.indexOf(AUTH_SECRET_FILE_OPTION);
        if (at >= 0) rest.subList(at, at + 2).clear();
        String transport = rest.isEmpty() ? "tcp://127.0.0.1:7000?multicast=false" : rest.get(0);
        App app = start(transport, NAMESPACE, authSecret, meshCredentials(), 3030);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("Gateway on http://127.0.0.1:3030, mesh " + transport + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
