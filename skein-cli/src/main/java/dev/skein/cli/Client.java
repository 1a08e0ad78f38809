package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.spi.TransportFactory;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** A short-lived node that joins the mesh without serving anything, to look and to call. */
final class Client implements AutoCloseable {

    final App app;
    final Mesh mesh;

    /**
     * Joins the mesh {@code args} describe and waits until its transport is up.
     *
     * @throws InvalidOptionException for a transport URI or a credentials file it cannot use
     * @throws java.util.concurrent.CompletionException with {@link dev.skein.core.errors.Unavailable} when the transport does not start
     */
    Client(MeshArgs args) {
        app = App.builder().name("skein-cli").build();
        mesh = args.join(app, args.builder());
        if (mesh.options().membership().waitForTransport()) {
            say("waiting up to %s for the %s transport to start (--wait-for-transport)...",
                    seconds(mesh.options().membership().discoveryTimeout()), where());
        }
        try {
            mesh.ready().join();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /**
     * Listens until the mesh as this node sees it (its nodes and their services) has not changed
     * for one heartbeat interval and half a second: every node that is up sends a heartbeat each
     * interval, so one it has not heard by then is not reachable now. At most {@code max}.
     */
    Client settle(Duration max) throws InterruptedException {
        Duration quiet = mesh.options().membership().heartbeatInterval().plusMillis(500);
        say("listening up to %s for the nodes of namespace '%s' (%s)...", seconds(max), mesh.options().namespace(), where());
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
        if (!any) say("no nodes found in namespace '%s' (%s) after %s", mesh.options().namespace(), where(), seconds(waited));
        return any;
    }

    /** The transport's URI without credentials, for messages. */
    String where() {
        return TransportFactory.withoutCredentials(mesh.options().transport());
    }

    /** One line on stderr: what the command is doing or waiting for, kept off stdout, which holds its answer. */
    static void say(String format, Object... args) {
        System.err.printf(format + "%n", args);
        System.err.flush();
    }

    /** "10s", "1.5s", "250ms". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    @Override
    public void close() {
        app.close();
    }
}
