package dev.skein.mesh;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
 * Reads the classes of this module with jdeps and keeps its packages free of cycles: a package
 * that needs another must not be needed by it, directly or round about. The edges below are the
 * known exceptions, each with the reason it is still there.
 */
class PackageCyclesTest {

    /** Class edges left out of the package graph, and why. */
    private static final Map<String, String> ALLOWED = Map.of(
            "dev.skein.mesh.Mesh -> dev.skein.mesh.internal.MeshNode",
            "The façade builds and drives its node, and the node uses the public value types that live beside "
                    + "the façade (NodeInfo, ServiceInfo, MeshOptions, Access, ...). The packages stay one cycle "
                    + "until those value types move to a package of their own, which changes the public API.");

    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.skein\\.mesh\\S*)\\s+->\\s+(dev\\.skein\\.mesh\\S*)\\s");

    private static final Set<String> CLASS_EDGES = new TreeSet<>();

    @BeforeAll
    static void readClasses() {
        Path classes = Path.of("target", "classes");
        assertThat(classes).as("compiled classes of skein-mesh").isDirectory();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--multi-release", "17", "-verbose:class", "-filter:none",
                classes.toString());
        assertThat(exit).as("jdeps exit code; its errors: %s", err).isZero();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) CLASS_EDGES.add(outer(m.group(1)) + " -> " + outer(m.group(2)));
        }
        assertThat(CLASS_EDGES).as("class edges jdeps found").isNotEmpty();
    }

    @Test
    void packagesOfTheMeshFormNoCycle() {
        Map<String, Map<String, String>> graph = new TreeMap<>(); // package -> package -> one class edge behind it
        for (String edge : CLASS_EDGES) {
            if (ALLOWED.containsKey(edge)) continue;
            String[] ends = edge.split(" -> ");
            String from = packageOf(ends[0]);
            String to = packageOf(ends[1]);
            if (!from.equals(to)) graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, edge);
        }
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            StringBuilder cycle = new StringBuilder(String.join(" <-> ", component)).append(':');
            for (String from : component) {
                graph.getOrDefault(from, Map.of()).forEach((to, edge) -> {
                    if (component.contains(to)) cycle.append("\n    ").append(edge);
                });
            }
            cycles.add(cycle.toString());
        }
        assertThat(cycles).as("package cycles (break them, or allow an edge in PackageCyclesTest.ALLOWED with a reason)").isEmpty();
    }

    @Test
    void internalsNeverReadTheFacade() {
        assertThat(CLASS_EDGES).filteredOn(edge -> edge.startsWith("dev.skein.mesh.internal") && edge.endsWith(" -> dev.skein.mesh.Mesh"))
                .as("internal classes that read the façade; take what they need from dev.skein.mesh.spi.CallKeys or as a parameter")
                .isEmpty();
    }

    @Test
    void nothingButTheFacadeReachesIntoTheInternals() {
        assertThat(CLASS_EDGES).filteredOn(edge -> !edge.startsWith("dev.skein.mesh.internal") && !ALLOWED.containsKey(edge)
                        && edge.split(" -> ")[1].startsWith("dev.skein.mesh.internal"))
                .as("classes outside dev.skein.mesh.internal that reach into it")
                .isEmpty();
    }

    @Test
    void everyAllowedEdgeStillExists() {
        assertThat(CLASS_EDGES).as("an allowed edge that is gone should leave ALLOWED").containsAll(ALLOWED.keySet());
    }

    private static String outer(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** Tarjan's strongly connected components of more than one package, each in name order. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(targets -> nodes.addAll(targets.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String node : nodes) {
            if (!index.containsKey(node)) visit(node, graph, index, low, stack, onStack, found, counter);
        }
        return found;
    }

    private static void visit(String node, Map<String, Map<String, String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, found, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) found.add(component);
        }
    }
}
