package dev.skein.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Which events cross nodes, as happner's replication paths: glob patterns over
 * {@code <service path>/<event>}. {@code **} matches anything (slashes included), {@code *} one
 * segment (no slash), {@code ?} one character of a segment; everything else matches itself.
 * {@code "**"} is every event, {@code "todos/*"} every event of {@code todos},
 * {@literal *}/created the {@code created} events of every one-segment path, and
 * api/{@literal **}/removed the {@code removed} events of every path under {@code api/}.
 * Give it where the mesh takes an event predicate: {@code Mesh.builder().events(Replication.of("todos/*"))}.
 */
public final class Replication implements BiPredicate<String, String> {

    private final List<String> globs;
    private final List<Pattern> patterns = new ArrayList<>();

    private Replication(List<String> globs) {
        this.globs = List.copyOf(globs);
        for (String g : this.globs) patterns.add(compile(g));
    }

    /** The events whose {@code path/event} matches one of {@code globs}. */
    public static Replication of(String... globs) {
        if (globs.length == 0) throw new IllegalArgumentException("Replication needs at least one pattern (\"**\" for every event)");
        for (String g : globs) {
            if (g == null || g.isBlank()) throw new IllegalArgumentException("A replication pattern must not be blank");
        }
        return new Replication(List.of(globs));
    }

    /** The patterns, as given. */
    public List<String> globs() {

        return globs;
    }

    @Override
    public boolean test(String path, String event) {
        String subject = path + "/" + event;
        for (Pattern p : patterns) if (p.matcher(subject).matches()) return true;
        return false;
    }

    private static Pattern compile(String glob) {
        String g = glob.startsWith("/") ? glob.substring(1) : glob;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return "Replication" + globs;
    }
}
