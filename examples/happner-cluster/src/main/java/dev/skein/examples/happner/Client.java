package dev.skein.examples.happner;

import dev.skein.client.SkeinClient;
import dev.skein.core.errors.SkeinError;

import java.util.List;
import java.util.Map;

/**
 * An outside program (happner's {@code MeshClient}): it reaches the historians only through the
 * edge's broker, records readings and reads them back, and is refused what the broker does not let through.
 */
public final class Client {

    private Client() {
    }

    /** Records three readings and reads the history twice; returns the two answers of {@code get}. */
    public static List<Object> run(SkeinClient client) {
        for (int value = 1; value <= 3; value++) {
            System.out.println("recorded " + client.service("history").create(Map.of("sensor", "boiler", "value", value)).join());
        }
        Object first = client.service("history").get("boiler").join();
        Object second = client.service("history").get("boiler").join();
        System.out.println("history " + first);
        System.out.println("history " + second);
        try {
            client.service("history").remove("boiler").join();
        } catch (RuntimeException refused) {
            System.out.println("remove: " + SkeinError.unwrap(refused).getMessage());
        }
        return List.of(first, second);
    }

    /** Arguments: [edge URL]. */
    public static void main(String[] args) {
        try (SkeinClient client = SkeinClient.connect(args.length > 0 ? args[0] : "http://127.0.0.1:3060")) {
            run(client);
        }
    }
}
