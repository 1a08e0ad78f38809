package dev.skein.testkit;

import dev.skein.mesh.*;

import dev.skein.core.App;
import dev.skein.core.BlockingService;
import dev.skein.core.Params;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A mesh node in its own JVM, for tests that kill a process: serves "slow", whose get and create
 * print ENTERED and then hang. Prints READY once it has joined; exits when stdin closes.
 */
public final class MeshServerMain {

    public static void main(String[] args) throws Exception {
        String namespace = args[0];
        App app = App.builder().name("process").build();
        app.use("slow", new BlockingService() {
            @Override
            public Object get(Object id, Params params) throws InterruptedException {
                return hang();
            }

            @Override
            public Object create(Object data, Params params) throws InterruptedException {
                return hang();
            }

            private Object hang() throws InterruptedException {
                System.out.println("ENTERED");
                System.out.flush();
                Thread.sleep(60_000);
                return Map.of("from", "process");
            }
        });
        Mesh mesh = Mesh.builder().namespace(namespace).transport("tcp://?beacon=200").build();
        app.configure(mesh);
        mesh.ready().join();
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for stdin to close
        }
        app.close();
    }
}
