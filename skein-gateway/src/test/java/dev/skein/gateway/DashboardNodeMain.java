package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;

import java.time.Duration;

/** A node in a JVM of its own, for the dashboard's test to kill: {@code <namespace> <transport> <name>}; prints READY, runs until killed. */
public final class DashboardNodeMain {

    private DashboardNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        App app = App.builder().name(args[2]).build();
        app.use("inventory", new MemoryService());
        Mesh mesh = Mesh.builder().namespace(args[0]).transport(args[1])
                .heartbeat(DashboardTest.HEARTBEAT, DashboardTest.DEAD_AFTER).build();
        app.configure(mesh);
        mesh.ready().get();
        System.out.println("READY " + mesh.nodeId());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(2).toMillis()); // bounded: gone by itself if the test forgets it
        System.exit(0);
    }
}
