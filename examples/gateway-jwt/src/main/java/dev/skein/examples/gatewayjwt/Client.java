package dev.skein.examples.gatewayjwt;

import dev.skein.client.SkeinClient;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.SkeinError;

import java.util.List;
import java.util.Map;

/**
 * An outside client of the gateway: refused while anonymous, it signs up, logs in and calls both
 * microservices through the gateway with its token.
 */
public final class Client {

    private Client() {
    }

    /** Signs up (a taken email is fine: the user exists), logs in, and creates one item in each service. */
    public static List<Object> run(SkeinClient client, String email, String password) {
        try {
            client.service("todos").find().join();
            System.out.println("anonymous: served?! the gateway should have refused");
        } catch (RuntimeException refused) {
            System.out.println("anonymous: " + SkeinError.unwrap(refused).getMessage());
        }
        try {
            client.service("users").create(Map.of("email", email, "password", password)).join();
        } catch (RuntimeException e) {
            if (!(SkeinError.unwrap(e) instanceof Conflict)) throw e;
        }
        client.login(email, password).join();
        Object todo = client.service("todos").create(Map.of("text", "write the docs")).join();
        Object message = client.service("messages").create(Map.of("text", "hello from " + email)).join();
        System.out.println("todos: " + todo);
        System.out.println("messages: " + message);
        return List.of(todo, message);
    }

    /** Arguments: [gateway URL]. The user is $DEMO_EMAIL (ada@example.com by default) with the password $DEMO_PASSWORD. */
    public static void main(String[] args) {
        String password = System.getenv("DEMO_PASSWORD");
        if (password == null) {
            System.err.println("Set DEMO_PASSWORD to the password to sign up and log in with");
            System.exit(2);
        }
        String email = System.getenv().getOrDefault("DEMO_EMAIL", "ada@example.com");
        try (SkeinClient client = SkeinClient.connect(args.length > 0 ? args[0] : "http://127.0.0.1:3030")) {
            run(client, email, password);
        }
    }
}
