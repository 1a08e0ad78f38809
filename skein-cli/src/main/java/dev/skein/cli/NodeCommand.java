package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryOptions;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code skein node}: a node serving memory services until stopped. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start a node that serves in-memory services (Feathers memory adapter) on the mesh until Ctrl-C.")
final class NodeCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Option(names = "--name", description = "Node name (default: ${DEFAULT-VALUE})", defaultValue = "node")
    String name;

    @Option(names = {"-s", "--service"}, description = "A memory service to serve at this path; repeatable")
    List<String> services = new ArrayList<>();

    @Option(names = "--paginate", description = "Paginate find results of the memory services")
    boolean paginate;

    @Override
    public Integer call() throws Exception {
        App app = App.builder().name(name).build();
        for (String path : services) {
            app.use(path, new MemoryService(MemoryOptions.builder().paginate(paginate).multi(true).build()));
        }
        Mesh m = mesh.builder().build();
        app.configure(m);
        m.ready().join();
        System.out.println("node " + m.nodeId() + " serving " + services + " in namespace " + mesh.namespace);
        System.out.flush();
        return runUntilStopped(app);
    }

    /** Keeps the process up until Ctrl-C (or SIGTERM), then closes the app gracefully. */
    static int runUntilStopped(App app) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "skein-shutdown"));
        stopped.await();
        return 0;
    }
}
