package dev.skein.gateway.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.password4j.Password;
import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.ServiceOptions;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hashing a password logs nothing: password4j is given its bcrypt parameters instead of looking for its properties file. */
@Timeout(60)
class PasswordHashingTest {

    @Test
    void hashingAndCheckingAPasswordLogsNoPassword4jWarning() {
        Logger password4j = (Logger) LoggerFactory.getLogger("com.password4j");
        Level before = password4j.getLevel(); // the tests' logback-test.xml quiets it; here every line counts
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        password4j.setLevel(Level.ALL);
        password4j.addAppender(logs);
        try (App app = App.builder().name("users").build()) {
            app.use("users", new MemoryService(), ServiceOptions.defaults(), h -> h.before(Methods.CREATE, Auth.hashPassword("password")));

            Map<?, ?> user = (Map<?, ?>) app.service("users").create(Map.of("email", "ada@example.com", "password", "s3cret-enough")).join();

            String hash = String.valueOf(user.get("password"));
            assertThat(hash).startsWith("$2b$10$");
            assertThat(Password.check("s3cret-enough", hash).with(Auth.BCRYPT)).isTrue();
        } finally {
            password4j.detachAppender(logs);
            password4j.setLevel(before);
        }
        List<String> warnings = new ArrayList<>();
        for (ILoggingEvent e : logs.list) if (e.getLevel().isGreaterOrEqual(Level.WARN)) warnings.add(e.getFormattedMessage());
        assertThat(warnings).isEmpty();
    }
}
