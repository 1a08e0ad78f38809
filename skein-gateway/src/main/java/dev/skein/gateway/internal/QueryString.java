package dev.skein.gateway.internal;

import dev.skein.core.errors.BadRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Feathers query string in the bracket syntax of the {@code qs} library:
 * {@code done=false&$limit=10&$sort[createdAt]=-1&text[$in][]=a&text[$in][]=b}. Values are typed:
 * {@code true}/{@code false} become booleans, {@code null} becomes null, and decimal numbers
 * become numbers; everything else stays a string.
 */
public final class QueryString {

    /** Deepest nesting accepted, as in {@code qs}. */
    public static final int MAX_DEPTH = 5;

    private QueryString() {
    }

    /** Parses already URL-decoded pairs, in order. */
    public static Map<String, Object> parse(Map<String, List<String>> pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : pairs.entrySet()) {
            for (String value : e.getValue()) put(root, e.getKey(), type(value));
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, Object value) {
        List<String> path = keys(key);
        Object container = root;
        for (int i = 0; i < path.size(); i++) {
            String k = path.get(i);
            boolean last = i == path.size() - 1;
            String next = last ? null : path.get(i + 1);
            if (container instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (last) {
                    Object existing = map.get(k);
                    if (existing instanceof List<?> list) ((List<Object>) list).add(value);
                    else if (existing != null && !(existing instanceof Map)) map.put(k, new ArrayList<>(List.of(existing, value)));
                    else map.put(k, value);
                    return;
                }
                Object child = map.get(k);
                if (child == null) {
                    child = next.isEmpty() || isIndex(next) ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                    map.put(k, child);
                } else if (!(child instanceof Map || child instanceof List)) {
                    throw new BadRequest("Query parameter '" + key + "' mixes a value and nested keys");
                }
                container = child;
            } else {
                List<Object> list = (List<Object>) container;
                if (k.isEmpty()) {
                    if (last) {
                        list.add(value);
                        return;
                    }
                    Object child = new LinkedHashMap<String, Object>();
                    list.add(child);
                    container = child;
                } else if (isIndex(k)) {
                    int index = Integer.parseInt(k);
                    if (index > 1000) throw new BadRequest("Query parameter '" + key + "' has an index above 1000");
                    while (list.size() <= index) list.add(null);
                    if (last) {
                        list.set(index, value);
                        return;
                    }
                    Object child = list.get(index);
                    if (child == null) {
                        child = next.isEmpty() || isIndex(next) ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                        list.set(index, child);
                    }
                    container = child;
                } else {
                    throw new BadRequest("Query parameter '" + key + "' uses the key '" + k + "' on a list");
                }
            }
        }
    }

    /** {@code a[b][]} → {@code [a, b, ""]}. */
    static List<String> keys(String key) {
        List<String> out = new ArrayList<>();
        int open = key.indexOf('[');
        if (open < 0) {
            out.add(key);
            return out;
        }
        out.add(key.substring(0, open));
        int i = open;
        while (i < key.length()) {
            if (key.charAt(i) != '[') throw new BadRequest("Malformed query parameter '" + key + "'");
            int close = key.indexOf(']', i);
            if (close < 0) throw new BadRequest("Malformed query parameter '" + key + "': a '[' is not closed");
            out.add(key.substring(i + 1, close));
            i = close + 1;
        }
        if (out.size() - 1 > MAX_DEPTH) throw new BadRequest("Query parameter '" + key + "' nests deeper than " + MAX_DEPTH);
        if (out.get(0).isEmpty()) throw new BadRequest("Malformed query parameter '" + key + "'");
        return out;
    }

    private static boolean isIndex(String k) {
        if (k.isEmpty() || k.length() > 4) return false;
        for (int i = 0; i < k.length(); i++) if (!Character.isDigit(k.charAt(i))) return false;
        return true;
    }

    /** Types a query value: booleans, null and decimal numbers; other text stays a string. */
    public static Object type(String value) {
        switch (value) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (value.matches("-?(0|[1-9][0-9]{0,17})")) return Long.parseLong(value);
        if (value.matches("-?(0|[1-9][0-9]*)\\.[0-9]+")) return Double.parseDouble(value);
        return value;
    }
}
