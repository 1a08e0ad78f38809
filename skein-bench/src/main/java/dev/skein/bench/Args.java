package dev.skein.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of the form {@code --name value} or {@code --name=value}; a name may repeat. */
final class Args {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Args() {
    }

    /** Parses {@code args}, refusing a name not in {@code known} with a message that lists them. */
    static Args parse(String[] args, Set<String> known) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("Unexpected argument '" + a + "'; options are --" + String.join(", --", known));
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (i + 1 >= args.length) throw new IllegalArgumentException("Option --" + name + " needs a value");
                value = args[++i];
            }
            if (!known.contains(name)) throw new IllegalArgumentException("Unknown option --" + name + "; options are --" + String.join(", --", known));
            parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int integer(String name, int fallback) {
        String v = get(name, null);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** The tcp shorthand: a loopback-only tcp transport with fast beacons, as the benchmark's default. */
    static String transportUri(String transport) {
        return transport.contains("://") ? transport
                : transport.equals("tcp") ? "tcp://127.0.0.1?beacon=200&interface=lo" : transport + "://";
    }
}
