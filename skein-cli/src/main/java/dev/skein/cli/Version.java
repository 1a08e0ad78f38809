package dev.skein.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code skein --version}: the version skein.jar was built as, from its manifest's
 * Implementation-Version or else from the pom.properties Maven puts in every jar it builds.
 */
final class Version implements IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.skein/skein-cli/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[]{"skein " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** The project version, or a sentence saying it is unknown (run from classes, not from skein.jar). */
    static String version() {
        String fromManifest = Main.class.getPackage().getImplementationVersion();
        if (fromManifest != null) return fromManifest;
        try (InputStream in = Main.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                String version = pom.getProperty("version");
                if (version != null) return version;
            }
        } catch (IOException e) {
            // no version to read: said below
        }
        return "(version unknown: not run from skein.jar)";
    }
}
