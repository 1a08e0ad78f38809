package dev.skein.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** For commands that join the mesh, listen a while for the other nodes, then report. */
final class ListenArgs {

    @Mixin
    MeshArgs mesh;

    @Option(names = "--wait", description = "How long to listen for nodes (default: ${DEFAULT-VALUE})", defaultValue = "2s",
            converter = MeshArgs.DurationConverter.class)
    Duration wait;

    /** A client node that has listened for {@link #wait}. */
    Client listen() throws InterruptedException {
        return new Client(mesh).settle(wait);
    }
}
