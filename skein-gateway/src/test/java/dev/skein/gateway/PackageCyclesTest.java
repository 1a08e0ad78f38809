package dev.skein.gateway;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's packages depend on each other without cycles, and so do the classes of its
 * internals, as jdeps reads them: each can be read and tested from what is below it. The few dependencies that still close a cycle are
 * listed in {@link #ALLOWED} with their reason; the list may only shrink.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.skein.gateway";

    /**
     * Dependencies on a class that close a package cycle and cannot be untangled without moving a
     * public type: {@code package of the dependent -> class depended on}, with the reason.
     */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            // the server implements the public Connection, runs the user's Publisher and reads the settings
            // Gateway.Builder takes; moving these public types to a leaf package changes the Builder's signatures
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.Connection", "sessions are the Connection a Publisher sees"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.Publisher", "the fan-out runs the user's Publisher"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.Cors", "Builder.cors(Cors) is public API"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.Brokered", "Builder.broker's rule, a public record"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.GatewayOptions", "the settings Gateway.options() shows"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.GatewayOptions$Limits", "part of GatewayOptions"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.GatewayOptions$Access", "part of GatewayOptions"),
            Map.entry("dev.skein.gateway.internal -> dev.skein.gateway.GatewayOptions$Discovery", "part of GatewayOptions"),
            // the users service's public rule of who hears its events is a Publisher over Connections
            Map.entry("dev.skein.gateway.auth -> dev.skein.gateway.Connection", "Users.ownRecords(...) decides per Connection"),
            Map.entry("dev.skein.gateway.auth -> dev.skein.gateway.Publisher", "Users.publisher(Publisher) is public API"));

    /** {@code   dev.skein.gateway.internal.Router -> dev.skein.gateway.Publisher   classes} */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S+.*$");

    @Test
    void noPackageCycleBesidesTheAllowedDependencies() throws URISyntaxException {
        Map<String, Set<String>> graph = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (String[] edge : classDependencies()) {
            String from = packageOf(edge[0]);
            String to = packageOf(edge[1]);
            if (from.equals(to)) continue;
            String key = from + " -> " + edge[1];
            if (ALLOWED.containsKey(key)) {
                used.add(key);
                continue;
            }
            graph.computeIfAbsent(from, p -> new TreeSet<>()).add(to);
            graph.computeIfAbsent(to, p -> new TreeSet<>());
        }
        assertThat(cycles(graph)).as("package cycles among %s (jdeps -verbose:class on target/classes)", graph.keySet()).isEmpty();
        assertThat(used).as("allowed dependencies that no class has any more: take them off ALLOWED")
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
    }

    @Test
    void theInternalClassesDependOnEachOtherWithoutCycles() throws URISyntaxException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String[] edge : classDependencies()) {
            String from = topLevel(edge[0]);
            String to = topLevel(edge[1]);
            if (from.equals(to) || !packageOf(from).equals(ROOT + ".internal") || !packageOf(to).equals(ROOT + ".internal")) continue;
            graph.computeIfAbsent(from, c -> new TreeSet<>()).add(to);
            graph.computeIfAbsent(to, c -> new TreeSet<>());
        }
        assertThat(cycles(graph)).as("class cycles in %s.internal (a nested class counts as its outer class)", ROOT).isEmpty();
    }

    /** Every dependency of a class of this module on another, as jdeps lists it. */
    private static List<String[]> classDependencies() throws URISyntaxException {
        Path classes = Path.of(Gateway.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("jdeps is missing: run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", classes.toString());
        assertThat(status).as("jdeps failed: %s", err).isZero();
        List<String[]> edges = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches() && m.group(1).startsWith(ROOT + ".") && m.group(2).startsWith(ROOT + ".")) {
                edges.add(new String[] {m.group(1), m.group(2)});
            }
        }
        assertThat(edges).as("jdeps said nothing of the gateway's classes in %s", classes).isNotEmpty();
        return edges;
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** The strongly connected components of more than one package (Tarjan), each as its packages. */
    private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) connect(start, graph, index, low, stack, onStack, found);
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v)) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) found.add(component);
        }
    }
}
