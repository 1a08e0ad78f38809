package dev.skein.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-origin attack in a real browser (Debian's headless Chromium): a page served from
 * another origin ({@code http://127.0.0.2:<port>}, a server of its own) runs a {@code no-cors}
 * {@code text/plain} POST, a form-encoded POST and a WebSocket that calls {@code create}, against a
 * gateway with no authentication on 127.0.0.1, as a page a {@code skein demo} user visits could.
 * Nothing may be created, and the WebSocket must never open.
 */
@Timeout(120)
class CrossOriginBrowserAttackTest {

    private static final String PAGE = """
            <!doctype html><title>evil</title><script>
            window.results = {};
            (async () => {
              const gw = new URLSearchParams(location.search).get('gw');
              try {
                await fetch(gw + '/todos', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},
                                            body: '{"text":"pwned by a text/plain fetch"}'});
                results.plain = 'sent';
              } catch (e) { results.plain = 'failed: ' + e; }
              try {
                await fetch(gw + '/todos', {method: 'POST', mode: 'no-cors', body: new URLSearchParams({text: 'pwned by a form'})});
                results.form = 'sent';
              } catch (e) { results.form = 'failed: ' + e; }
              await new Promise(resolve => {
                const ws = new WebSocket(gw.replace('http', 'ws') + '/ws');
                ws.onopen = () => {
                  results.wsOpened = true;
                  ws.send(JSON.stringify({type: 'call', ref: 1, path: 'todos', method: 'create', data: {text: 'pwned by a WebSocket'}}));
                };
                ws.onmessage = m => { results.wsAnswer = m.data; resolve(); };
                ws.onclose = () => resolve();
              });
              results.done = true;
            })();
            </script>
            """;

    private App app;
    private Gateway gateway;
    private HttpServer evil;
    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        app = App.builder().name("demo-like").build();
        app.use("todos", new MemoryService());
        gateway = Cluster.gateway(app, Gateway.builder());
        evil = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        evil.createContext("/", exchange -> {
            byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        evil.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) browser.quit();
        if (evil != null) evil.stop(0);
        app.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aPageOfAnotherOriginCreatesNothingAndOpensNoWebSocket() throws IOException {
        String page = "http://127.0.0.2:" + evil.getAddress().getPort() + "/?gw=" + gateway.url();
        browser = chromium();
        browser.get(page);
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript("return window.results && window.results.done === true")));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("return window.results");

        assertThat(results).as("the page ran its requests: " + results).containsEntry("plain", "sent").containsEntry("form", "sent");
        assertThat(results).as("the WebSocket never opened: " + results).doesNotContainKey("wsOpened").doesNotContainKey("wsAnswer");
        assertThat((List<?>) Cluster.join(app.service("todos").find())).as("nothing created").isEmpty();
    }

    private ChromeDriver chromium() throws IOException {
        File driver = first("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        File binary = first("/usr/bin/chromium", "/usr/lib/chromium/chromium");
        assertThat(driver).as("Debian's chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)").exists();
        profile = Files.createTempDirectory("skein-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static File first(String... paths) {
        for (String p : paths) {
            if (new File(p).canExecute()) return new File(p);
        }
        return new File(paths[0]);
    }
}
