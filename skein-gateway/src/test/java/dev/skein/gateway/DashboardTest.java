package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Authentication;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live fleet dashboard in a real headless Chromium (Debian's chromium and chromedriver, which
 * {@code .ci/run} installs), against nodes over tcp: a node started after the page opened appears,
 * calls show as a rate, events in the feed, and a node killed (SIGKILL, in a JVM of its own) is
 * shown offline within the failure-detection bound. With {@code -Dskein.dashboard.screenshot=<file>}
 * it saves what the page showed (the docs' picture).
 */
@Timeout(150)
class DashboardTest {

    static final Duration HEARTBEAT = Duration.ofMillis(250);
    static final Duration DEAD_AFTER = Duration.ofMillis(1000);

    private Cluster cluster;
    private WebDriver browser;
    private Path profile;
    private Process doomed;

    @BeforeEach
    void start() {
        cluster = new Cluster("tcp://?beacon=200");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) browser.quit();
        if (doomed != null) doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        cluster.close();
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final Consumer<Mesh.Builder> QUICK = mesh -> mesh.heartbeat(HEARTBEAT, DEAD_AFTER);

    @Test
    void nodesAppearAndAKilledNodeIsShownOfflineWithinTheFailureDetectionBound() throws Exception {
        App gatewayApp = cluster.node("gateway", app -> { }, QUICK);
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().dashboard("/dashboard"));
        cluster.node("orders", app -> app.use("orders", new MemoryService()), QUICK);
        Cluster.awaitService(gatewayApp, "orders");
        WebDriverWait wait = open(gateway.url() + "/dashboard");
        wait.until(b -> b.findElement(By.id("status")).getText().equals("live"));
        wait.until(b -> row(b, "orders") != null && "true".equals(row(b, "orders").getAttribute("data-online")));

        cluster.node("late", app -> app.use("invoices", new MemoryService()), QUICK); // after the page opened
        wait.until(b -> row(b, "late") != null);
        wait.until(b -> b.findElement(By.id("services")).getText().contains("invoices"));

        for (int i = 0; i < 40; i++) Cluster.join(gatewayApp.service("orders").create(Map.of("item", "book " + i)));
        wait.until(b -> b.findElement(By.id("events")).getText().contains("orders created"));
        wait.until(b -> {
            WebElement orders = b.findElement(By.cssSelector("#services tr[data-service='orders']"));
            return !orders.findElements(By.tagName("td")).get(3).getText().equals("0.0"); // calls/s, from the heartbeats' counts
        });

        doomed = startNode("doomed");
        wait.until(b -> row(b, "doomed") != null && "true".equals(row(b, "doomed").getAttribute("data-online")));
        long killed = System.nanoTime();
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        wait.until(b -> "false".equals(row(b, "doomed").getAttribute("data-online")));
        Duration shownOffline = Duration.ofNanos(System.nanoTime() - killed);

        // the bound: silence for deadAfter and one heartbeat to notice it, then the dashboard's next push (1 s)
        System.out.println("DASHBOARD a killed node shown offline after " + shownOffline.toMillis() + " ms (deadAfter "
                + DEAD_AFTER.toMillis() + " ms, heartbeat " + HEARTBEAT.toMillis() + " ms, pushes every 1,000 ms)");
        assertThat(shownOffline).isLessThan(DEAD_AFTER.plus(HEARTBEAT).plusSeconds(1).plusMillis(500));
        wait.until(b -> row(b, "doomed").getText().matches("(?s).*offline\\s+(connection closed|silent), \\d+s ago.*"));
        saveScreenshot();
    }

    @Test
    void withAuthenticationThePageAsksForALoginAndShowsTheFleetOnlyAfterIt() throws Exception {
        App gatewayApp = cluster.node("gateway", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        }, QUICK.andThen(mesh -> mesh.credentials(dev.skein.mesh.MeshCredentials.secret("a-mesh-secret-of-the-dashboard-test-00")))); // auth needs a closed mesh
        Cluster.createUser(gatewayApp, "ops@example.com", "s3cret!");
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().dashboard("/dashboard"));
        WebDriverWait wait = open(gateway.url() + "/dashboard");

        wait.until(b -> b.findElement(By.id("login")).isDisplayed());
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
        browser.findElement(By.id("email")).sendKeys("ops@example.com");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.cssSelector("#login button")).click();
        wait.until(b -> !b.findElement(By.id("login-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();

        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("s3cret!");
        browser.findElement(By.cssSelector("#login button")).click();
        wait.until(b -> b.findElement(By.id("board")).isDisplayed());
        wait.until(b -> row(b, "gateway") != null);
    }

    @Test
    void anOperatorDrainsANodeFromThePageWithTheOperationsTokenAndNoOtherToken() throws Exception {
        String token = "an-operations-token-for-the-dashboard-test";
        App gatewayApp = cluster.node("gateway", app -> { }, QUICK);
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().dashboard("/dashboard").operationsToken(token));
        App worker = cluster.node("worker", app -> { }, QUICK.andThen(m -> m.set(dev.skein.mesh.MeshSettings.ALLOW_REMOTE_DRAIN, true)));
        WebDriverWait wait = open(gateway.url() + "/dashboard");
        wait.until(b -> row(b, "worker") != null && "true".equals(row(b, "worker").getAttribute("data-online")));
        // the gateway's own node has no button (the rows are drawn again at every push: asked within the wait)
        wait.until(b -> row(b, "gateway") != null && row(b, "gateway").findElements(By.cssSelector("button.drain")).isEmpty());

        browser.findElement(By.id("ops-token")).sendKeys(token + "x");
        wait.until(b -> {
            row(b, "worker").findElement(By.cssSelector("button.drain")).click();
            return true;
        });
        wait.until(b -> b.findElement(By.id("drain-note")).getText().contains("not drained"));
        assertThat(worker.plugin(Mesh.class).orElseThrow().readiness().ready()).isTrue();

        browser.findElement(By.id("ops-token")).clear();
        browser.findElement(By.id("ops-token")).sendKeys(token);
        wait.until(b -> {
            row(b, "worker").findElement(By.cssSelector("button.drain")).click();
            return true;
        });
        wait.until(b -> b.findElement(By.id("drain-note")).getText().contains("drained: it left the mesh"));
        wait.until(b -> "false".equals(row(b, "worker").getAttribute("data-online")));
        assertThat(worker.plugin(Mesh.class).orElseThrow().drained().toCompletableFuture().get(20, TimeUnit.SECONDS))
                .isEqualTo(gatewayApp.plugin(Mesh.class).orElseThrow().nodeId());
    }

    @Test
    void fiftyNodesAreShownAndTheFeedKeepsItsPace() throws Exception {
        Cluster local = Cluster.local();
        try {
            App gatewayApp = local.node("gateway", app -> { });
            Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().dashboard("/dashboard"));
            for (int i = 0; i < 50; i++) {
                int n = i;
                local.node("node-" + n, app -> app.use("service-" + (n % 10), new MemoryService()));
            }
            WebDriverWait wait = open(gateway.url() + "/dashboard");
            wait.until(b -> b.findElements(By.cssSelector("#nodes tbody tr")).size() == 51);
            long rendersBefore = renders();
            Thread.sleep(5_000);
            long renders = renders() - rendersBefore;
            double lastRenderMs = ((Number) ((JavascriptExecutor) browser).executeScript("return window.skeinLastRenderMs")).doubleValue();

            System.out.println("DASHBOARD 51 nodes, 10 services: " + renders + " pushes rendered in 5 s, the last in "
                    + String.format("%.1f", lastRenderMs) + " ms");
            assertThat(renders).as("a push a second, each rendered").isGreaterThanOrEqualTo(4);
            assertThat(browser.findElements(By.cssSelector("#services tbody tr"))).hasSize(10);
        } finally {
            local.close();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private WebDriverWait open(String url) throws Exception {
        File driver = new File("/usr/bin/chromedriver");
        assertThat(driver).as("Debian's chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)").exists();
        profile = Files.createTempDirectory("skein-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1600,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get(url);
        // the tables are drawn again at every push: an element found a moment ago may be gone
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The nodes table's row of the node named {@code name}, or null. */
    private static WebElement row(WebDriver b, String name) {
        return b.findElements(By.cssSelector("#nodes tr[data-name='" + name + "']")).stream().findFirst().orElse(null);
    }

    private long renders() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return window.skeinRenders")).longValue();
    }

    private void saveScreenshot() throws Exception {
        String target = System.getProperty("skein.dashboard.screenshot");
        if (target == null) return;
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of(target), StandardCopyOption.REPLACE_EXISTING);
        shot.delete();
    }

    /** {@link DashboardNodeMain} in a JVM of its own, once it is ready. */
    private Process startNode(String name) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dskein.discovery.interface=" + System.getProperty("skein.discovery.interface", "lo"), "-Djava.net.preferIPv4Stack=true",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                DashboardNodeMain.class.getName(), cluster.namespace(), cluster.transport(), name).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line; System.nanoTime() < until && (line = out.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) { } // keep its pipe from filling
                    } catch (java.io.IOException ignored) {
                        // it ended
                    }
                }, "doomed-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the node process never became ready");
    }
}
