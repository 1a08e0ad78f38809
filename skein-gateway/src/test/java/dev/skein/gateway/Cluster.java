package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Users;
import dev.skein.mesh.Mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * Apps of one test joined to one mesh in a namespace of their own: typically a service node and a
 * gateway node in front of it. Closes every app it started, last started first.
 */
final class Cluster implements AutoCloseable {

    /** A secret every authenticated node of a test shares (HS256 needs 32 bytes). */
    static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-for-hs256";
    /** Another secret, for forged tokens. */
    static final String OTHER_SECRET = "another-secret-that-nobody-in-the-mesh-knows-at-all";

    private final String transport;
    private final String namespace = "gateway-test-" + UUID.randomUUID();
    private final List<App> apps = new ArrayList<>();

    Cluster(String transport) {
        this.transport = transport;
    }

    String namespace() {
        return namespace;
    }

    String transport() {
        return transport;
    }

    /** Nodes over the in-memory transport. */
    static Cluster local() {
        return new Cluster("local://");
    }

    /** A node whose app {@code setup} prepares (services, plugins) before it joins the mesh. */
    App node(String name, Consumer<App> setup) {
        return node(name, setup, mesh -> { });
    }

    App node(String name, Consumer<App> setup, Consumer<Mesh.Builder> options) {
        App app = App.builder().name(name).build();
        apps.add(app);
        setup.accept(app);
        Mesh.Builder mesh = Mesh.builder().transport(transport).namespace(namespace);
        options.accept(mesh);
        app.configure(mesh.build());
        return app;
    }

    /** A standalone app (no mesh), closed with the others. */
    App app(String name) {
        App app = App.builder().name(name).build();
        apps.add(app);
        return app;
    }

    /** Configures a gateway on 127.0.0.1 and a free port, as {@code builder} says otherwise, and waits until it listens. */
    static Gateway gateway(App app, Gateway.Builder builder) {
        Gateway gateway = builder.host("127.0.0.1").port(0).build();
        app.configure(gateway);
        gateway.started().orTimeout(10, TimeUnit.SECONDS).join();
        return gateway;
    }

    static Gateway gateway(App app) {
        return gateway(app, Gateway.builder());
    }

    /** Registers the users service as the gateway does: closed to anonymous callers, passwords hashed and never sent. */
    static void users(App app) {
        app.configure(Users.memory());
    }

    /** Creates a user with an internal call; answers it as stored (with its hash). */
    static Map<String, Object> createUser(App app, String email, String password) {
        return map(join(app.service("users").create(Map.of("email", email, "password", password))));
    }

    /** Waits until {@code app} has a service at {@code path} and, for a proxy, until an instance of it is known. */
    static void awaitService(App app, String path) {
        await().atMost(Duration.ofSeconds(15)).until(() -> app.lookup(path).isPresent() && (!app.lookup(path).get().options().open()
                || app.plugin(Mesh.class).map(m -> m.services().stream().anyMatch(s -> s.path().equals(path) && !s.node().equals(m.nodeId())))
                        .orElse(false)));
    }

    static Object join(CompletableFuture<Object> call) {
        return call.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The error a call failed with, unwrapped; fails the test if the call succeeds. */
    static Throwable failure(CompletableFuture<?> call) {
        try {
            call.orTimeout(10, TimeUnit.SECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
            return dev.skein.core.errors.SkeinError.unwrap(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public void close() {
        for (int i = apps.size() - 1; i >= 0; i--) apps.get(i).close();
    }
}
