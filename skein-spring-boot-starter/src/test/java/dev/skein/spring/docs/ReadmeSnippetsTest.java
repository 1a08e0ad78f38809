package dev.skein.spring.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of the README compiles as written, with the imports it shows: a reader who
 * copies one gets code that builds against this version of Skein. The test lives here because this
 * module's test class path holds every module a snippet uses (core, mesh, gateway, sync, Spring).
 *
 * <p>A snippet becomes one class: its imports on top; a snippet that declares a type (it starts with
 * an annotation, {@code class} or {@code public class}) is the class's body, any other is the body of a
 * method. The programs among them (a class with a {@code main}) also run, as processes: {@link DocProgramsTest}.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyJavaSnippetOfTheReadmeCompilesWithTheImportsItShows(@TempDir Path out) throws IOException {
        List<String> snippets = snippets(Files.readString(README));
        assertThat(snippets).as("Java snippets in the README").hasSizeGreaterThanOrEqualTo(5);

        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) units.add(unit("Snippet" + i, snippets.get(i)));
        compile(units, out, "the README's snippets");
    }

    /** Compiles {@code units} into {@code out} against this module's test class path; fails naming every compiler error in {@code what}. */
    static void compile(List<JavaFileObject> units, Path out, String what) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean compiled = javac.getTask(null, null, diagnostics,
                List.of("-d", out.toString(), "-classpath", classPath, "--release", "17", "-proc:none"), null, units).call();

        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null)).toList();
        assertThat(errors).as("compiler errors in %s", what).isEmpty();
        assertThat(compiled).isTrue();
    }

    /** The source file {@code name}.java whose text is {@code source}, from memory. */
    static JavaFileObject source(String name, String source) {
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
    }

    static List<String> snippets(String markdown) {
        List<String> found = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    private static JavaFileObject unit(String name, String snippet) {
        StringBuilder imports = new StringBuilder();
        StringBuilder code = new StringBuilder();
        for (String line : snippet.split("\n")) {
            (line.startsWith("import ") ? imports : code).append(line).append('\n');
        }
        String body = code.toString().strip();
        boolean declaresTypes = body.startsWith("@") || body.startsWith("class ") || body.startsWith("public class ") || body.startsWith("record ");
        String source = imports + "\nclass " + name + " {\n"
                + (declaresTypes ? body : "    void run() throws Exception {\n" + body + "\n    }") + "\n}\n";
        return source(name, source);
    }
}
