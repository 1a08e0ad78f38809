package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.ServiceOptions;
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
 * calls show as a rate, p50/p99 and charts, events in the feed (those from before the page opened
 * too), a node killed (SIGKILL, in a JVM of its own) is shown offline within the failure-detection
 * bound, and a service whose node stopped is shown gone. With {@code -Dskein.dashboard.screenshot=<file>}
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
        Gateway gateway = dashboardWithOrders(gatewayApp);
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
        // who calls whom, over the same few seconds as the rates
        wait.until(b -> !b.findElements(By.cssSelector("#calls tr[data-from-name='gateway'][data-to-name='orders'][data-path='orders']")).isEmpty()
                && b.findElements(By.cssSelector("#topology-graph line")).size() == 1 // gateway → orders, the only calls between nodes
                && b.findElements(By.cssSelector("#topology-graph circle")).size() == 2);
        wait.until(b -> serviceCells(b, "orders").get(4).getText().matches("\\d+\\.\\d\\d ms") // p50 and p99, from the heartbeats' histograms
                && serviceCells(b, "orders").get(5).getText().matches("\\d+\\.\\d\\d ms"));
        wait.until(b -> Double.parseDouble(chart(b, "orders", "calls/s").getAttribute("data-max")) > 0
                && Double.parseDouble(chart(b, "orders", "latency p50 / p99").getAttribute("data-max")) > 0);
        Map<?, ?> charts = (Map<?, ?>) ((JavascriptExecutor) browser).executeScript( // at once: the page draws them again every second
                "const card = document.querySelector(\"#charts [data-service='orders']\");"
                + " return { points: Number(card.querySelector(\"svg[data-chart='calls/s']\").dataset.points),"
                + " latencyLines: [...card.querySelectorAll('polyline.p50, polyline.p99')].filter(l => l.getAttribute('points')).length }");
        assertThat(((Number) charts.get("points")).intValue()).as("one point a second, five minutes at most").isBetween(2, 300);
        assertThat(((Number) charts.get("latencyLines")).intValue()).as("p50 and p99 drawn").isEqualTo(2);

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

        // the figures go on with a node dead: calls made now show as a rate, with p50 and p99, and on the graph
        for (int i = 0; i < 30; i++) Cluster.join(gatewayApp.service("orders").find());
        wait.until(b -> !serviceCells(b, "orders").get(3).getText().equals("0.0")
                && serviceCells(b, "orders").get(5).getText().endsWith(" ms")
                && b.findElements(By.cssSelector("#topology-graph line")).size() == 1);
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
            assertThat(texts(wait, By.cssSelector("#services tbody tr"))).hasSize(10);
        } finally {
            local.close();
        }
    }

    @Test
    void atALaptopsWidthTheNodesFitAnUnversionedServiceShowsADashAndAServiceThatLeftIsShownGone() throws Exception {
        App gatewayApp = cluster.node("gateway", app -> { }, QUICK);
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().dashboard("/dashboard"));
        App billing = cluster.node("billing-node-with-a-rather-long-name-as-kubernetes-gives-them-7f9c6d8b5-x2k4q",
                app -> app.use("billing", new MemoryService()), QUICK);
        cluster.node("catalog", app -> app.use("catalog", new MemoryService(), ServiceOptions.builder().version("2.1.0").build()), QUICK);
        Cluster.awaitService(gatewayApp, "billing");
        Cluster.awaitService(gatewayApp, "catalog");
        WebDriverWait wait = open(gateway.url() + "/dashboard", "1280,900");
        wait.until(b -> serviceCells(b, "billing").size() > 2 && serviceCells(b, "catalog").size() > 2);

        String widths = (String) ((JavascriptExecutor) browser).executeScript(
                "const t = document.querySelector('#nodes'); return t.scrollWidth + ' <= ' + t.closest('section').clientWidth");
        System.out.println("DASHBOARD nodes table at 1280 px: " + widths);
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "const t = document.querySelector('#nodes'); return t.scrollWidth <= t.closest('section').clientWidth"))
                .as("the nodes table fits a 1280 px wide window without scrolling sideways: " + widths).isTrue();
        assertThat(texts(wait, By.cssSelector("#services tr[data-service='billing'] td")).get(2)).as("no version of its own").isEqualTo("—");
        assertThat(texts(wait, By.cssSelector("#services tr[data-service='catalog'] td")).get(2)).isEqualTo("2.1.0");

        billing.close();
        wait.until(b -> {
            WebElement gone = b.findElements(By.cssSelector("#services tr[data-service='billing']")).stream().findFirst().orElse(null);
            return gone != null && "true".equals(gone.getAttribute("data-gone")) && gone.getText().matches("(?s)billing\\s+gone, last seen .+");
        });
        assertThat(texts(wait, By.id("services")).get(0)).doesNotContain("No service yet");
    }

    @Test
    void anEventEmittedBeforeThePageOpenedIsListedOnceItOpens() throws Exception {
        App gatewayApp = cluster.node("gateway", app -> { }, QUICK);
        Gateway gateway = dashboardWithOrders(gatewayApp);
        Cluster.join(gatewayApp.service("orders").create(Map.of("item", "ordered before the page opened")));

        WebDriverWait wait = open(gateway.url() + "/dashboard");
        wait.until(b -> b.findElement(By.id("events")).getText().contains("ordered before the page opened"));
        // the charts at once: the gateway's points (it takes one a second) and not only those of the pushes the page had
        Map<?, ?> drawn = (Map<?, ?>) ((JavascriptExecutor) browser).executeScript("return { renders: window.skeinRenders, points:"
                + " Number(document.querySelector(\"#charts [data-service='orders'] svg[data-chart='calls/s']\").dataset.points) }");
        assertThat(((Number) drawn.get("points")).longValue()).as("%s", drawn).isGreaterThanOrEqualTo(((Number) drawn.get("renders")).longValue());
        Cluster.join(gatewayApp.service("orders").create(Map.of("item", "ordered while it is open")));
        wait.until(b -> b.findElement(By.id("events")).getText().contains("ordered while it is open"));
        java.util.List<String> listed = texts(wait, By.cssSelector("#events li"));
        assertThat(listed).as("newest first, each once").hasSize(2);
        assertThat(listed.get(0)).contains("ordered while it is open");
        assertThat(listed.get(1)).contains("orders created", "ordered before the page opened");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private WebDriverWait open(String url) throws Exception {
        return open(url, "1600,900");
    }

    /** A dashboard on {@code gatewayApp}, once it sees the orders service of a node of its own. */
    private Gateway dashboardWithOrders(App gatewayApp) {
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().dashboard("/dashboard"));
        cluster.node("orders", app -> app.use("orders", new MemoryService()), QUICK);
        Cluster.awaitService(gatewayApp, "orders");
        return gateway;
    }

    /** The page at {@code url} in a window of {@code size} ("width,height" in CSS pixels). */
    private WebDriverWait open(String url, String size) throws Exception {
        File driver = new File("/usr/bin/chromedriver");
        assertThat(driver).as("Debian's chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)").exists();
        profile = Files.createTempDirectory("skein-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=" + size, "--user-data-dir=" + profile);
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

    /**
     * The text of each element {@code by} finds, read again when the page draws its tables anew meanwhile (each push does):
     * an element found outside a wait may be stale by the time its text is read.
     */
    private static java.util.List<String> texts(WebDriverWait wait, By by) {
        return wait.until(b -> b.findElements(by).stream().map(WebElement::getText).toList());
    }

    /** The cells of the services table's row of {@code path}, none if it has no row. */
    private static java.util.List<WebElement> serviceCells(WebDriver b, String path) {
        return b.findElements(By.cssSelector("#services tr[data-service='" + path + "'] td"));
    }

    /** The chart {@code name} ("calls/s", "errors/s", "latency p50 / p99") of the service {@code path}. */
    private static WebElement chart(WebDriver b, String path, String name) {
        return b.findElement(By.cssSelector("#charts [data-service='" + path + "'] svg[data-chart='" + name + "']"));
    }

    private long renders() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return window.skeinRenders")).longValue();
    }

    private void saveScreenshot() throws Exception {
        String target = System.getProperty("skein.dashboard.screenshot");
        if (target == null) return;
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1600, (int) Math.min(2400, height + 140))); // the whole page
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
