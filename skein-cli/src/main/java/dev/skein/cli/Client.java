package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;

import java.time.Duration;

/** A short-lived node that joins the mesh without serving anything, to look and to call. */
final class Client implements AutoCloseable {

    final App app;
    final Mesh mesh;

    Client(MeshArgs args) {
        app = App.builder().name("skein-cli").build();
        mesh = args.builder().build();
        app.configure(mesh);
        mesh.ready().join();
    }

    /** Waits {@code settle} for the other nodes to answer (discovery is asynchronous). */
    Client settle(Duration settle) throws InterruptedException {
        long until = System.nanoTime() + settle.toNanos();
        int seen = -1;
        while (System.nanoTime() < until) {
            int now = mesh.nodes().size();
            if (now == seen && now > 1) break;
            seen = now;
            Thread.sleep(Math.min(300, Math.max(1, settle.toMillis() / 4)));
        }
        return this;
    }

    @Override
    public void close() {
        app.close();
    }
}
