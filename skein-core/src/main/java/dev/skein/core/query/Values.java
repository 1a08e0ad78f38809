package dev.skein.core.query;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How queries compare JSON-shaped values ({@code Map}, {@code List}, {@code String},
 * {@code Number}, {@code Boolean}, {@code null}), and how ids are keyed.
 *
 * <ul>
 *   <li>Numbers compare numerically whatever their Java type: {@code 1}, {@code 1L}, {@code 1.0}
 *       and {@code BigDecimal("1.00")} are the same value.</li>
 *   <li>Strings compare lexicographically ({@link String#compareTo}); booleans equal only booleans.
 *       A string is never coerced to a number: the gateway types query values before they get here.
 *       Ids are the one exception, see {@link #idKey(Object)}.</li>
 *   <li>Maps are the same when they have the same keys with the same values; lists when they have
 *       the same values in the same order.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Values {

    private Values() {
    }

    /** Whether two JSON-shaped values are the same under the rules above; {@code null} is the same as {@code null} only. */
    public static boolean same(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Number && b instanceof Number) return compareNumbers((Number) a, (Number) b) == 0;
        if (a instanceof Map && b instanceof Map) return sameMaps((Map<?, ?>) a, (Map<?, ?>) b);
        if (a instanceof List && b instanceof List) return sameLists((List<?>) a, (List<?>) b);
        return a.equals(b);
    }

    /**
     * Compares two values of the same kind: numbers with numbers, strings with strings, booleans
     * with booleans ({@code false < true}). Returns {@code null} when they are not comparable
     * (different kinds, {@code null}, maps, lists); a range operator on such values does not match.
     */
    public static Integer compare(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) return compareNumbers((Number) a, (Number) b);
        if (a instanceof String && b instanceof String) return ((String) a).compareTo((String) b);
        if (a instanceof Boolean && b instanceof Boolean) return Boolean.compare((Boolean) a, (Boolean) b);
        return null;
    }

    /**
     * A total order over all values, for sorting: {@code null} first, then numbers, strings, maps,
     * lists and booleans, each kind in its natural order (maps and lists all rank equal among
     * themselves). Consistent with {@link #same} for numbers, strings, booleans and {@code null}.
     */
    public static int order(Object a, Object b) {
        int ranks = Integer.compare(rank(a), rank(b));
        if (ranks != 0) return ranks;
        Integer c = compare(a, b);
        return c == null ? 0 : c;
    }

    /**
     * The canonical key of an id: the string itself, or a number's decimal form without a
     * fractional part when it is integral ({@code 7}, {@code 7L}, {@code 7.0} and {@code "7"} all
     * give {@code "7"}). Stores key items by it so that an id that came as a string from a URL
     * finds an item created with a numeric id.
     *
     * @throws BadRequest when {@code id} is not a string or a number
     */
    public static String idKey(Object id) {
        if (id instanceof String) return (String) id;
        if (id instanceof Number n && isIntegral(n)) return Long.toString(n.longValue()); // the common case, without BigDecimal
        if (id instanceof Number) {
            BigDecimal d = decimal((Number) id);
            if (d == null) return id.toString();
            d = d.stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        throw new BadRequest("Invalid id '" + id + "': an id is a string or a number");
    }

    /** Whether {@link #idKey(Object)} accepts this value. */
    public static boolean isId(Object value) {
        return value instanceof String || value instanceof Number;
    }

    /**
     * A deep, mutable copy of JSON-shaped data: maps become {@link LinkedHashMap}s with string keys,
     * lists become {@link ArrayList}s, scalars are kept. A value that is not JSON-shaped (a POJO, a
     * date) is first converted with Jackson, the way it would cross the network.
     *
     * @throws BadRequest when a value cannot be converted
     */
    public static Object copy(Object value) {
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return copy;
        }
        if (value instanceof Collection) {
            Collection<?> list = (Collection<?>) value;
            List<Object> copy = new ArrayList<>(list.size());
            for (Object v : list) copy.add(copy(v));
            return copy;
        }
        if (value instanceof Object[]) return copy(Arrays.asList((Object[]) value));
        if (value instanceof byte[] bytes) return bytes.clone();
        if (Json.isPlain(value)) return value;
        return copy(Json.toPlain(value));
    }

    /** {@link #copy(Object)} of a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyMap(Map<?, ?> map) {
        return (Map<String, Object>) copy(map);
    }

    /**
     * The value at {@code path} in {@code item}: the entry named {@code path} if there is one, else,
     * for a dotted path such as {@code address.city}, the value found by walking nested maps.
     * {@code null} when missing.
     */
    public static Object lookup(Map<String, ?> item, String path) {
        if (item == null) return null;
        Object direct = item.get(path);
        if (direct != null || item.containsKey(path) || path.indexOf('.') < 0) return direct;
        Object current = item;
        for (String part : path.split("\\.", -1)) {
            if (!(current instanceof Map)) return null;
            current = ((Map<?, ?>) current).get(part);
        }
        return current;
    }

    private static int rank(Object v) {
        if (v == null) return 0;
        if (v instanceof Number) return 1;
        if (v instanceof String) return 2;
        if (v instanceof Map) return 3;
        if (v instanceof List) return 4;
        if (v instanceof Boolean) return 5;
        return 6;
    }

    private static boolean sameMaps(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) return false;
        for (Map.Entry<?, ?> e : a.entrySet()) {
            Object other = b.get(e.getKey());
            if (other == null && !b.containsKey(e.getKey())) return false;
            if (!same(e.getValue(), other)) return false;
        }
        return true;
    }

    private static boolean sameLists(List<?> a, List<?> b) {
        if (a.size() != b.size()) return false;
        Iterator<?> i = a.iterator();
        Iterator<?> j = b.iterator();
        while (i.hasNext()) {
            if (!same(i.next(), j.next())) return false;
        }
        return true;
    }

    static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) return Long.compare(a.longValue(), b.longValue());
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        if (x == null || y == null) return Double.compare(a.doubleValue() + 0.0, b.doubleValue() + 0.0);
        return x.compareTo(y);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    /** The exact value of {@code n}, or {@code null} for NaN and infinities. */
    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal) return (BigDecimal) n;
        if (n instanceof BigInteger) return new BigDecimal((BigInteger) n);
        if (isIntegral(n)) return BigDecimal.valueOf(n.longValue());
        if (n instanceof Float) {
            float f = n.floatValue();
            return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
        }
        if (n instanceof Double) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
    }
}
