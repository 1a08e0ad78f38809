package dev.skein.testkit;

import dev.skein.mesh.Mesh;

import dev.skein.core.App;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Starts apps as mesh nodes of one namespace in a test and closes them all at the end, last first. */
public final class TestNodes implements AutoCloseable {

    /** One started node. */
    /**
     * One started node.
     *
     * @param app  the node's app, with its services
     * @param mesh the app's mesh, configured but not necessarily ready
     */
    public record Node(App app, Mesh mesh) {
    }

    private final String transport;
    private final Consumer<Mesh.Builder> defaults;
    private final String namespace = "test-" + UUID.randomUUID();
    private final List<Node> started = new ArrayList<>();

    /** Nodes on the transport at URI {@code transport}, with the mesh's default options. */
    public TestNodes(String transport) {
        this(transport, b -> { });
    }

    /** Nodes whose mesh options start from {@code defaults} (a codec, say). */
    public TestNodes(String transport, Consumer<Mesh.Builder> defaults) {
        this.transport = transport;
        this.defaults = defaults;
    }

    /** The namespace of these nodes, {@code test-} and a random UUID: tests running at once never meet. */
    public String namespace() {
        return namespace;
    }

    /** A node whose app is set up by {@code services} before it joins the mesh. */
    public Node start(String name, Consumer<App> services) {
        return start(name, services, b -> { });
    }

    /**
     * A node named {@code name} whose app is set up by {@code services} before it joins, with mesh
     * options {@code options} applied after the defaults. It does not wait for {@link Mesh#ready()}.
     */
    public Node start(String name, Consumer<App> services, Consumer<Mesh.Builder> options) {
        App app = App.builder().name(name).build();
        services.accept(app);
        Mesh.Builder builder = Mesh.builder().transport(transport).namespace(namespace);
        defaults.accept(builder);
        options.accept(builder);
        Mesh mesh = builder.build();
        app.configure(mesh);
        Node node = new Node(app, mesh);
        started.add(node);
        return node;
    }

    /** Closes every node's app, the last started first. */
    @Override
    public void close() {

        for (int i = started.size() - 1; i >= 0; i--) started.get(i).app().close();
    }
}
