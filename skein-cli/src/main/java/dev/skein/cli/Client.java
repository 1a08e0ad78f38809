package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Listens until the mesh as this node sees it (its nodes and their services) has not changed
     * for one heartbeat interval and half a second: every node that is up sends a heartbeat each
     * interval, so one it has not heard by then is not reachable now. At most {@code max}.
     */
    Client settle(Duration max) throws InterruptedException {
        Duration quiet = mesh.options().membership().heartbeatInterval().plusMillis(500);
        if (System.console() != null) {
            System.err.printf("Listening for the nodes of namespace '%s' (%s), up to %.1f s...%n", mesh.options().namespace(),
                    mesh.options().transport(), max.toMillis() / 1000.0);
        }
        long start = System.nanoTime();
        long until = start + max.toNanos();
        Set<String> seen = view();
        long changed = start;
        while (System.nanoTime() < until) {
            Thread.sleep(50);
            Set<String> now = view();
            if (!now.equals(seen)) {
                seen = now;
                changed = System.nanoTime();
            } else if (System.nanoTime() - changed >= quiet.toNanos()) {
                break;
            }
        }
        return this;
    }

    /** Every other node with each of its services, as this node knows them now. */
    private Set<String> view() {
        Set<String> view = new TreeSet<>();
        for (NodeInfo n : mesh.nodes()) {
            if (n.local()) continue;
            view.add(n.id());
            for (ServiceInfo s : n.services()) view.add(n.id() + " " + s.path() + " " + s.version());
        }
        return view;
    }

    /** Whether another node was found; when none was, says so on stderr. */
    boolean foundAny(Duration waited) {
        boolean any = mesh.nodes().stream().anyMatch(n -> !n.local());
        if (!any) {
            System.err.printf("No node answered in namespace '%s' over %s within %.1f s.%n", mesh.options().namespace(),
                    mesh.options().transport(), waited.toMillis() / 1000.0);
        }
        return any;
    }

    @Override
    public void close() {
        app.close();
    }
}
