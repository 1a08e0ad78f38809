package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.errors.NotFound;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the users service of a gateway with sign-up on (issue #21, item 5), over REST, the
 * gateway's WebSocket and Socket.IO on 127.0.0.1 (client sockets bound to other 127.0.0.x
 * addresses play distinct clients): a chosen id and a token that outlives its user, a login
 * name taken by a patch, other users' records heard as events, and logins that tell which
 * accounts exist and can be tried without limit.
 */
@Timeout(120)
class UsersAttackTest {

    private final Cluster cluster = Cluster.local();
    private App app;
    private Gateway gateway;
    private Http http;

    private void start(Consumer<Authentication.Builder> settings) {
        start(settings, Gateway.builder());
    }

    private void start(Consumer<Authentication.Builder> settings, Gateway.Builder builder) {
        app = cluster.node("gateway", a -> {
            Authentication.Builder auth = Authentication.builder(Cluster.SECRET);
            settings.accept(auth);
            a.configure(auth.build());
            a.configure(Users.builder().signUp(true).build());
            a.use("notes", new dev.skein.core.memory.MemoryService()); // no hooks: anyone calls it, its events reach every logged-in connection
        });
        gateway = Cluster.gateway(app, builder);
        http = new Http(gateway);
        Cluster.join(app.service("users").create(Map.of("email", "root@example.com", "password", "root-pass", "role", "admin")));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Map<String, Object> signUp(String email, String password) {
        Http.Response r = http.post("/users", Map.of("email", email, "password", password));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.object();
    }

    private Http.Response login(String email, String password) {
        return http.post("/authentication", Map.of("strategy", "local", "email", email, "password", password));
    }

    private String token(String email, String password) {
        Http.Response r = login(email, password);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return (String) r.object().get("accessToken");
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private Map<String, Object> stored(Object id) {
        return map(Cluster.join(app.service("users").get(id)));
    }

    private static void assertRefused(Http.Response r, int status, String name) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.object()).containsEntry("name", name);
    }

    private static void assertWsError(Map<String, Object> reply, int code) {
        assertThat(reply).as(reply.toString()).containsEntry("type", "error");
        assertThat(map(reply.get("error"))).containsEntry("code", code);
    }

    private static void assertSioError(List<Object> ack, int code) {
        assertThat(SocketIoClient.error(ack)).as(ack.toString()).isNotNull().containsEntry("code", code);
    }

    // ---- (a) ids and tokens -------------------------------------------------------------------

    @Test
    void aSignUpCannotChooseItsIdOnAnyChannel() {
        start(a -> { });
        Object next = map(Cluster.join(app.service("users").create(Map.of("email", "probe@example.com", "password", "p")))).get("id");
        long future = ((Number) next).longValue() + 1;

        assertRefused(http.post("/users", Map.of("id", future, "email", "mallory@example.com", "password", "m-pass")), 400, "BadRequest");
        try (Ws ws = Ws.connect(gateway); SocketIoClient sio = SocketIoClient.connect(gateway)) {
            assertWsError(ws.call(1, "users", "create", Map.of("data", Map.of("id", future, "email", "m2@example.com", "password", "x"))), 400);
            assertSioError(sio.call("create", "users", Map.of("id", future, "email", "m3@example.com", "password", "x")), 400);
        }
        assertThat(Cluster.failure(app.service("users").get(future))).isInstanceOf(NotFound.class);
        assertRefused(login("mallory@example.com", "m-pass"), 401, "NotAuthenticated");

        Map<String, Object> victim = signUp("victim@example.com", "victim-pass");
        assertThat(victim).doesNotContainKey("password");
        assertThat(token("victim@example.com", "victim-pass")).isNotBlank();
    }

    /**
     * The attack with the id handed back by the store (a store that reuses ids, or an
     * administrator's import): Mallory's token, and her logged-in WebSocket and Socket.IO
     * connections, must not reach the next user given her id.
     */
    @Test
    void aTokenDiesWithItsUserEvenWhenTheIdIsGivenToSomeoneElse() {
        start(a -> { });
        Object id = signUp("mallory@example.com", "m-pass").get("id");
        String token = token("mallory@example.com", "m-pass");
        try (Ws ws = Ws.connect(gateway); SocketIoClient sio = SocketIoClient.connect(gateway)) {
            assertThat(ws.authenticate(1, "mallory@example.com", "m-pass")).containsEntry("type", "result");
            SocketIoClient.result(sio.authenticate("mallory@example.com", "m-pass"));
            assertThat(http.delete("/users/" + id, bearer(token)).status()).isEqualTo(200);

            Map<String, Object> victim = new LinkedHashMap<>(Map.of("id", id, "email", "victim@example.com", "password", "victim-pass"));
            Cluster.join(app.service("users").create(victim));
            Map<String, Object> before = stored(id);

            assertRefused(http.get("/users/" + id, bearer(token)), 401, "NotAuthenticated");
            assertRefused(http.patch("/users/" + id, Map.of("password", "owned"), bearer(token)), 401, "NotAuthenticated");
            assertRefused(http.post("/authentication", Map.of("strategy", "jwt", "accessToken", token)), 401, "NotAuthenticated");
            assertWsError(ws.call(2, "users", "get", Map.of("id", id)), 401);
            assertWsError(ws.call(3, "users", "patch", Map.of("id", id, "data", Map.of("password", "owned"))), 401);
            assertSioError(sio.call("get", "users", id), 401);
            assertSioError(sio.call("patch", "users", id, Map.of("password", "owned")), 401);

            assertThat(stored(id)).isEqualTo(before);
            assertThat(token("victim@example.com", "victim-pass")).isNotBlank();
            assertRefused(login("victim@example.com", "owned"), 401, "NotAuthenticated");

            // nor do her connections hear the victim's record as her own
            try (Ws admin = Ws.connect(gateway)) {
                assertThat(admin.authenticate(1, "root@example.com", "root-pass")).containsEntry("type", "result");
                Cluster.join(app.service("users").patch(id, Map.of("nickname", "v")));
                assertThat(admin.nextEvent()).containsEntry("event", "patched"); // published: to whom it was going to go
            }
            assertThat(ws.call(9, "notes", "find", Map.of())).containsEntry("type", "result"); // answered after any event before it
            assertThat(ws.seen()).noneMatch(m -> m.toString().contains("victim@example.com"));
            assertThat(SocketIoClient.error(sio.call("find", "notes"))).isNull();
            assertThat(sio.events()).noneMatch(e -> e.toString().contains("victim@example.com"));
        }
    }

    /**
     * The same on a service of another node that authenticates calls itself (the distributed
     * scenario): the WebSocket connection's user, as it logged in, travels with its calls, and
     * must not stand for the record that took the id later.
     */
    @Test
    void aLoggedInConnectionDoesNotOutliveItsUserOnAServiceOfAnotherNode() {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> caller = new java.util.concurrent.atomic.AtomicReference<>();
        cluster.node("todos", a -> {
            a.configure(Authentication.builder(Cluster.SECRET).build());
            a.use("todos", new dev.skein.core.memory.MemoryService());
            a.service("todos").hooks().beforeAsync(dev.skein.core.Methods.ALL, dev.skein.gateway.auth.Auth.authenticate())
                    .before(ctx -> caller.set(ctx.params().user()));
        });
        start(a -> { });
        Cluster.awaitService(app, "todos");
        Object id = signUp("mallory@example.com", "m-pass").get("id");
        String token = token("mallory@example.com", "m-pass");
        try (Ws ws = Ws.connect(gateway)) {
            assertThat(ws.authenticate(1, "mallory@example.com", "m-pass")).containsEntry("type", "result");
            assertThat(ws.call(2, "todos", "find", Map.of())).containsEntry("type", "result");
            assertThat(caller.get()).containsEntry("email", "mallory@example.com");
            assertThat(http.delete("/users/" + id, bearer(token)).status()).isEqualTo(200);
            Cluster.join(app.service("users").create(Map.of("id", id, "email", "victim@example.com", "password", "victim-pass")));
            caller.set(null);

            assertWsError(ws.call(3, "todos", "find", Map.of()), 401);
            assertRefused(http.get("/todos", bearer(token)), 401, "NotAuthenticated");
            assertThat(caller.get()).isNull();
        }
    }

    /** A removed user's logged-in connections hear nothing more, not even what every logged-in connection hears. */
    @Test
    void aRemovedUsersConnectionsAreLoggedOut() {
        start(a -> { });
        Object id = signUp("mallory@example.com", "m-pass").get("id");
        String token = token("mallory@example.com", "m-pass");
        try (Ws ws = Ws.connect(gateway); SocketIoClient sio = SocketIoClient.connect(gateway); Ws bystander = Ws.connect(gateway)) {
            assertThat(ws.authenticate(1, "mallory@example.com", "m-pass")).containsEntry("type", "result");
            SocketIoClient.result(sio.authenticate("mallory@example.com", "m-pass"));
            assertThat(bystander.authenticate(1, "root@example.com", "root-pass")).containsEntry("type", "result");
            assertThat(http.delete("/users/" + id, bearer(token)).status()).isEqualTo(200);
            assertThat(bystander.nextEvent()).containsEntry("event", "removed");

            Cluster.join(app.service("notes").create(Map.of("text", "for members only")));
            assertThat(bystander.nextEvent()).containsEntry("path", "notes");
            assertThat(ws.call(2, "notes", "find", Map.of())).containsEntry("type", "result"); // answered after any event before it
            assertThat(ws.seen()).noneMatch(m -> "notes".equals(m.get("path")));
            assertWsError(ws.call(3, "users", "find", Map.of()), 401);
            assertThat(SocketIoClient.error(sio.call("find", "notes"))).isNull();
            assertThat(sio.events()).noneMatch(e -> e.get(0).equals("notes created"));
            assertSioError(sio.call("find", "users"), 401);
        }
    }

    // ---- (b) the login name -------------------------------------------------------------------

    @Test
    void aUserCannotTakeAnotherUsersLoginNameOnAnyChannel() {
        start(a -> { });
        Object ada = signUp("ada@example.com", "ada-pass").get("id");
        Object mallory = signUp("mallory@example.com", "m-pass").get("id");
        String token = token("mallory@example.com", "m-pass");

        assertRefused(http.patch("/users/" + mallory, Map.of("email", "ada@example.com"), bearer(token)), 409, "Conflict");
        assertRefused(http.put("/users/" + mallory, Map.of("email", "ada@example.com", "password", "m-pass"), bearer(token)), 409, "Conflict");
        assertRefused(http.patch("/users/" + ada, Map.of("email", "mallory2@example.com"), bearer(token)), 403, "Forbidden");
        try (Ws ws = Ws.connect(gateway); SocketIoClient sio = SocketIoClient.connect(gateway)) {
            ws.authenticate(1, "mallory@example.com", "m-pass");
            SocketIoClient.result(sio.authenticate("mallory@example.com", "m-pass"));
            assertWsError(ws.call(2, "users", "patch", Map.of("id", mallory, "data", Map.of("email", "ada@example.com"))), 409);
            assertSioError(sio.call("patch", "users", mallory, Map.of("email", "ada@example.com")), 409);
            assertSioError(sio.call("update", "users", mallory, Map.of("email", "ada@example.com", "password", "m-pass")), 409);
        }
        // her own name again is no conflict
        assertThat(http.patch("/users/" + mallory, Map.of("email", "mallory@example.com"), bearer(token)).status()).isEqualTo(200);

        assertThat(stored(ada)).containsEntry("email", "ada@example.com");
        assertThat(stored(mallory)).containsEntry("email", "mallory@example.com");
        assertThat(map(login("ada@example.com", "ada-pass").object().get("user"))).containsEntry("id", ada);
        assertRefused(login("ada@example.com", "m-pass"), 401, "NotAuthenticated");
    }

    @Test
    void concurrentSignUpsWithOneNameMakeOneUser() throws Exception {
        start(a -> { });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String password = "pass-" + i;
                tries.add(() -> http.post("/users", Map.of("email", "twin@example.com", "password", password)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tries, 60, TimeUnit.SECONDS)) statuses.add(f.get());
            assertThat(statuses).as(statuses.toString()).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        Object found = Cluster.join(app.service("users").find(dev.skein.core.Params.query(Map.of("email", "twin@example.com"))));
        assertThat((List<?>) found).hasSize(1);
    }

    // ---- (c) events ---------------------------------------------------------------------------

    @Test
    void aNewUsersRecordReachesOnlyThemAndAdministrators() {
        start(a -> { }, Gateway.builder().dashboard("/dashboard"));
        Object mallory = signUp("mallory@example.com", "m-pass").get("id");
        String token = token("mallory@example.com", "m-pass");
        try (Ws spy = Ws.connect(gateway); SocketIoClient sioSpy = SocketIoClient.connect(gateway); Ws admin = Ws.connect(gateway)) {
            assertThat(spy.authenticate(1, "mallory@example.com", "m-pass")).containsEntry("type", "result");
            spy.send(Map.of("type", "watch", "ref", 9)); // the dashboard's feed of events too
            assertThat(spy.reply(9)).containsEntry("type", "result");
            SocketIoClient.result(sioSpy.authenticate("mallory@example.com", "m-pass"));
            assertThat(admin.authenticate(1, "root@example.com", "root-pass")).containsEntry("type", "result");

            Object victim = signUp("victim@example.com", "victim-pass").get("id");
            Map<String, Object> heard = admin.nextEvent();
            assertThat(heard).containsEntry("path", "users").containsEntry("event", "created");
            assertThat(map(heard.get("data"))).containsEntry("id", victim).doesNotContainKey("password");

            // a barrier: Mallory's own change reaches her after the victim's record would have
            assertThat(http.patch("/users/" + mallory, Map.of("nickname", "m"), bearer(token)).status()).isEqualTo(200);
            Map<String, Object> own = spy.nextEvent();
            assertThat(own).containsEntry("event", "patched");
            assertThat(map(own.get("data"))).containsEntry("id", mallory);
            assertThat(spy.seen()).noneMatch(m -> m.toString().contains("victim@example.com"));
            await().atMost(SocketIoClient.WAIT).until(() -> sioSpy.events().stream().anyMatch(e -> e.get(0).equals("users patched")));
            assertThat(sioSpy.events()).noneMatch(e -> e.toString().contains("victim@example.com"));
        }
    }

    @Test
    void aUsersRecordFromBeforeTheDashboardOpenedIsAmongItsRecentEventsOnlyForThemAndAdministrators() {
        start(a -> { }, Gateway.builder().dashboard("/dashboard"));
        signUp("mallory@example.com", "m-pass");
        signUp("early@example.com", "early-pass"); // before anyone watches: the feed keeps it among its recent events
        try (Ws admin = Ws.connect(gateway); Ws spy = Ws.connect(gateway)) {
            assertThat(admin.authenticate(1, "root@example.com", "root-pass")).containsEntry("type", "result");
            int[] ref = {100};
            await().atMost(Ws.WAIT).until(() -> {
                admin.send(Map.of("type", "watch", "ref", ++ref[0]));
                return admin.reply(ref[0]).toString().contains("early@example.com");
            });

            assertThat(spy.authenticate(1, "mallory@example.com", "m-pass")).containsEntry("type", "result");
            spy.send(Map.of("type", "watch", "ref", 9));
            Map<String, Object> answer = spy.reply(9);
            assertThat(answer).containsEntry("type", "result");
            assertThat(answer.toString()).contains("mallory@example.com").doesNotContain("early@example.com");
        }
    }

    // ---- (d) login --------------------------------------------------------------------------------

    /**
     * 20 wrong-password logins for an existing account and 20 for a missing one, interleaved:
     * the medians must be within a factor of 3 of each other (today's code: about 15).
     */
    @Test
    void aLoginTakesAsLongForAMissingAccountAsForAnExistingOne() {
        start(a -> a.loginAttemptsPerAccount(0).loginAttemptsPerAddress(0)); // 40 attempts: measure, not limit
        signUp("ada@example.com", "ada-pass");
        login("warm@example.com", "x"); // the first call loads classes
        long[] existing = new long[20];
        long[] missing = new long[20];
        for (int i = 0; i < 20; i++) {
            existing[i] = timed("ada@example.com");
            missing[i] = timed("nobody-" + i + "@example.com");
        }
        double e = median(existing) / 1e6;
        double m = median(missing) / 1e6;
        System.out.printf(Locale.ROOT, "login medians: existing %.1f ms, missing %.1f ms%n", e, m);
        assertThat(m).as("median ms for a missing account vs an existing one (%.1f)", e).isBetween(e / 3, e * 3);
    }

    private long timed(String email) {
        long t0 = System.nanoTime();
        Http.Response r = login(email, "wrong-password");
        long t = System.nanoTime() - t0;
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        return t;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    // ---- raw HTTP from a chosen loopback address ------------------------------------------------

    /** One answer read off a socket: status, headers (lower-case names) and body. */
    record Raw(int status, Map<String, String> headers, String body) {
    }

    /** POSTs {@code json} to {@code path} from a socket bound to {@code from} (e.g. 127.0.0.2). */
    Raw post(String from, String path, Object json) throws IOException {
        byte[] body = Http.write(json).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    private Raw loginFrom(String address, String email, String password) throws IOException {
        return post(address, "/authentication", Map.of("strategy", "local", "email", email, "password", password));
    }

    /**
     * Wrong passwords for one account from ever new addresses, then many accounts from one address,
     * then 16 parallel attempts from another: each is cut off at its limit with 429 and a
     * Retry-After, while a bystander at another address still logs in to another account.
     */
    @Test
    void loginAttemptsAreLimitedPerAccountAndPerAddress() throws Exception {
        start(a -> a.loginAttemptsPerAccount(5).loginAttemptsPerAddress(8));
        signUp("ada@example.com", "ada-pass");
        signUp("bob@example.com", "bob-pass");

        List<Integer> perAccount = new ArrayList<>();
        Raw refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            Raw r = loginFrom("127.0.0." + (10 + i), "ada@example.com", "guess-" + i);
            perAccount.add(r.status());
            if (r.status() == 429) refused = r;
        }
        assertThat(refused).as("per account: " + perAccount).isNotNull();
        assertThat(refused.headers()).containsKey("retry-after");
        assertThat(Integer.parseInt(refused.headers().get("retry-after"))).isPositive();
        assertThat(refused.body()).contains("TooManyRequests");
        try (Ws ws = Ws.connect(gateway); SocketIoClient sio = SocketIoClient.connect(gateway)) {
            Map<String, Object> wsRefused = ws.authenticate(1, "ada@example.com", "guess");
            assertWsError(wsRefused, 429);
            assertThat(map(map(wsRefused.get("error")).get("data"))).containsKey("retryAfter");
            assertSioError(sio.authenticate("ada@example.com", "guess"), 429);
        }

        List<Integer> perAddress = new ArrayList<>();
        refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Raw r = loginFrom("127.0.0.2", "name-" + i + "@example.com", "guess");
            perAddress.add(r.status());
            if (r.status() == 429) refused = r;
        }
        assertThat(refused).as("per address: " + perAddress).isNotNull();
        assertThat(refused.headers()).containsKey("retry-after");
        assertThat(loginFrom("127.0.0.3", "bob@example.com", "bob-pass").status()).isEqualTo(201);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "parallel-" + i + "@example.com";
                tries.add(() -> loginFrom("127.0.0.4", name, "guess").status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tries, 60, TimeUnit.SECONDS)) statuses.add(f.get());
            System.out.println("16 parallel attempts from one address: " + statuses);
            assertThat(statuses).containsOnly(401, 429).contains(429);
        } finally {
            pool.shutdownNow();
        }
    }
}
