package dev.skein.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in a real headless Chromium (Debian's chromium and chromedriver, which .ci/run
 * installs): the page shows the todo that lives on the todos process, and a todo created through
 * the REST API appears on it without a reload.
 */
class DemoPageTest {

    private Demo demo;
    private WebDriver browser;
    private java.nio.file.Path profile;

    @AfterEach
    void stop() throws java.io.IOException {
        if (browser != null) browser.quit();
        if (demo != null) demo.close();
        if (profile != null) {
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Timeout(120)
    void thePageShowsTheRemoteTodoAndATodoCreatedThroughRestAppearsWithoutReload() throws Exception {
        File driver = new File("/usr/bin/chromedriver");
        assertThat(driver).as("Debian's chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)").exists();
        demo = new Demo();
        String url = demo.start(0);

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + (profile = Files.createTempDirectory("skein-chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get(url);
        wait.until(b -> b.findElement(By.id("todos")).getText().contains("This todo lives on the todos node"));
        wait.until(b -> b.findElement(By.id("status")).getText().startsWith("live"));

        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/todos"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Created through REST\",\"done\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);

        wait.until(b -> b.findElement(By.id("todos")).getText().contains("Created through REST"));
        assertThat(browser.findElements(By.cssSelector("#todos li"))).hasSize(2);
    }
}
