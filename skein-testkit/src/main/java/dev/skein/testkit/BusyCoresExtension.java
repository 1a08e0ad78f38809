package dev.skein.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs a test class while {@link BusyCores} occupy the cores, when the system property
 * {@value #PROPERTY} asks for it: {@code all} (one busy loop per core) or a number of loops; unset,
 * empty or {@code false}, it does nothing. The busy loops start before the class's first test and
 * are killed after its last. Prints one line starting with {@code LOADED} per class: what ran
 * beside it and how long the class took.
 *
 * <p>skein-testkit registers it for its own tests (JUnit's extension auto-detection), and its
 * {@code loaded} surefire execution sets the property for the reliability, overload, flood and
 * large-value tests (docs/RELIABILITY.md, "Under load"); another module may register it with
 * {@code @ExtendWith}.
 */
public final class BusyCoresExtension implements BeforeAllCallback, AfterAllCallback {

    /** The system property that turns the busy loops on: {@code all}, or how many. */
    public static final String PROPERTY = "skein.test.busyCores";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BusyCoresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        int count = requested(System.getProperty(PROPERTY));
        if (count == 0) return;
        BusyCores loops = BusyCores.start(count, BusyCores.MAX_LIFETIME);
        context.getStore(NAMESPACE).put("loops", loops);
        System.out.println("LOADED " + context.getDisplayName() + ": started " + loops);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        BusyCores loops = context.getStore(NAMESPACE).remove("loops", BusyCores.class);
        if (loops == null) return;
        Duration took = loops.age();
        String figures = loops.toString();
        loops.close();
        System.out.println("LOADED " + context.getDisplayName() + ": ran in " + took.toMillis() / 1000.0 + " s beside " + figures);
    }

    /** How many busy loops {@code value} asks for: 0 for none. */
    static int requested(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) return 0;
        if (value.equalsIgnoreCase("all") || value.equalsIgnoreCase("true")) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // named below
        }
        throw new IllegalArgumentException(PROPERTY + " must be all, false or a number of busy loops, was '" + value + "'");
    }
}
