package dev.skein.core.query;

import dev.skein.core.errors.BadRequest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A parsed Feathers query: the conditions an item must meet, and the filters {@code $limit},
 * {@code $skip}, {@code $sort} and {@code $select}.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>{@code {field: value}}: the field equals the value; {@code {field: null}} also matches an
 *       item that lacks the field.</li>
 *   <li>{@code {field: {$op: value, ...}}} with the operators of {@link #OPERATORS}: {@code $in}
 *       and {@code $nin} take a list; {@code $lt}, {@code $lte}, {@code $gt}, {@code $gte} match only
 *       when the field and the value are comparable ({@link Values#compare}); {@code $ne} matches
 *       when they are not the same.</li>
 *   <li>{@code {$or: [query, ...]}} and {@code {$and: [query, ...]}}, nestable; an empty
 *       {@code $or} matches nothing and an empty {@code $and} everything.</li>
 *   <li>{@code $limit} and {@code $skip}: non-negative integers, as numbers or as digit strings (the
 *       way a URL sends them). {@code $sort}: {@code {field: 1 | -1, ...}}, numbers or strings,
 *       applied in map order. {@code $select}: a list of field names or one name.</li>
 * </ul>
 * A field may be a dotted path ({@code address.city}) that looks into nested maps, unless the item
 * has an entry by that exact name. Values compare as {@link Values} says: no string is coerced to a
 * number, except on the id field ({@link #idField()}), where {@code 1} and {@code "1"} are the same
 * id (see {@link Values#idKey}).
 *
 * <p>Instances are immutable and thread-safe; their helpers never change the items they are given.
 */
public final class Query {

    /** The id field a query assumes when none is given. */
    public static final String DEFAULT_ID_FIELD = "id";

    /** The top-level filters. */
    public static final Set<String> FILTERS = Set.of("$limit", "$skip", "$sort", "$select");

    /** The field operators. */
    public static final Set<String> OPERATORS = Set.of("$in", "$nin", "$lt", "$lte", "$gt", "$gte", "$ne");

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final String idField;
    private final Map<String, Object> conditions;
    private final Condition condition;
    private final Integer limit;
    private final int skip;
    private final Map<String, Integer> sort;
    private final List<String> select;

    private Query(String idField, Map<String, Object> conditions, Condition condition,
                  Integer limit, int skip, Map<String, Integer> sort, List<String> select) {
        this.idField = idField;
        this.conditions = conditions;
        this.condition = condition;
        this.limit = limit;
        this.skip = skip;
        this.sort = sort;
        this.select = select;
    }

    /** {@link #parse(Map, String)} with the id field {@link #DEFAULT_ID_FIELD}. */
    public static Query parse(Map<String, ?> query) {
        return parse(query, DEFAULT_ID_FIELD);
    }

    /**
     * Parses a query map, as found in {@code Params.query()}; {@code null} is the empty query. The
     * map is copied: later changes to it do not change the query.
     *
     * @param idField the field that holds ids: compared by {@link Values#idKey} and always kept by {@code $select}
     * @throws BadRequest naming the problem: an unknown {@code $parameter} or {@code $operator}, a
     *                    {@code $limit} or {@code $skip} that is not a non-negative integer, a
     *                    {@code $sort} direction other than 1 or -1, a {@code $select} that is not
     *                    a list of strings, {@code $in}/{@code $nin} without a list, {@code $or}/{@code $and}
     *                    without a list of objects
     */
    public static Query parse(Map<String, ?> query, String idField) {
        Objects.requireNonNull(idField, "idField");
        if (query == null || query.isEmpty()) {
            // the query of nearly every get: immutable, so one per id field serves every call
            return EMPTY.computeIfAbsent(idField, field -> build(null, field));
        }
        return build(query, idField);
    }

    private static final java.util.concurrent.ConcurrentMap<String, Query> EMPTY = new java.util.concurrent.ConcurrentHashMap<>();

    private static Query build(Map<String, ?> query, String idField) {
        Map<String, Object> filters = new LinkedHashMap<>();
        Map<String, Object> conditions = new LinkedHashMap<>();
        if (query != null) {
            query.forEach((key, value) -> {
                if (FILTERS.contains(key)) filters.put(key, value);
                else conditions.put(key, value);
            });
        }
        Map<String, Object> frozen = freezeMap(conditions);
        return new Query(idField, frozen, compile(frozen, idField, null),
                count("$limit", filters.get("$limit")),
                Objects.requireNonNullElse(count("$skip", filters.get("$skip")), 0),
                sortOf(filters.get("$sort")),
                selectOf(filters.get("$select")));
    }

    /** The query that matches everything, with no filters. */
    public static Query empty() {
        return parse(null);
    }

    /** The field that holds ids. */
    public String idField() {
        return idField;
    }

    /** The conditions: the query without its filters; unmodifiable, nested maps and lists too. */
    public Map<String, Object> conditions() {
        return conditions;
    }

    /** {@code $limit}, if given. */
    public OptionalInt limit() {
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /** {@code $skip}, 0 if not given. */
    public int skip() {
        return skip;
    }

    /** {@code $sort}: field to 1 (ascending) or -1 (descending), in the order given; unmodifiable, empty if not given. */
    public Map<String, Integer> sort() {
        return sort;
    }

    /** {@code $select}, unmodifiable, if given. */
    public Optional<List<String>> select() {
        return Optional.ofNullable(select);
    }

    /** This query with {@code $limit} set to {@code limit}. */
    public Query withLimit(int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        return new Query(idField, conditions, condition, limit, skip, sort, select);
    }

    /** Whether {@code item} meets the conditions; filters play no part. A {@code null} item is an empty one. */
    public boolean matches(Map<String, ?> item) {
        return condition.test(item == null ? Map.of() : item);
    }

    /** The items that meet the conditions, in their order. */
    public <T extends Map<String, ?>> List<T> filter(Collection<? extends T> items) {
        List<T> out = new ArrayList<>();
        for (T item : items) {
            if (matches(item)) out.add(item);
        }
        return out;
    }

    /** The items in {@code $sort} order: a new list; the sort is stable, and {@code null} or missing values come first in ascending order. */
    public <T extends Map<String, ?>> List<T> sorted(Collection<? extends T> items) {
        List<T> out = new ArrayList<>(items);
        if (!sort.isEmpty()) out.sort(comparator());
        return out;
    }

    /** The order {@code $sort} gives, by {@link Values#order}; every item ranks equal when there is no {@code $sort}. */
    public Comparator<Map<String, ?>> comparator() {
        Comparator<Map<String, ?>> comparator = (a, b) -> 0;
        for (Map.Entry<String, Integer> entry : sort.entrySet()) {
            String field = entry.getKey();
            int direction = entry.getValue();
            comparator = comparator.thenComparing(
                    (a, b) -> direction * Values.order(Values.lookup(a, field), Values.lookup(b, field)));
        }
        return comparator;
    }

    /** The items left after skipping {@code $skip} of them and keeping at most {@code $limit}: a new list. */
    public <T> List<T> paged(List<? extends T> items) {
        int from = Math.min(skip, items.size());
        int to = limit == null ? items.size() : (int) Math.min(items.size(), (long) from + limit);
        return new ArrayList<>(items.subList(from, to));
    }

    /**
     * A shallow copy of {@code item} with only the top-level fields of {@code $select} and the id
     * field, in the item's order; all fields when there is no {@code $select}.
     */
    public Map<String, Object> project(Map<String, ?> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((key, value) -> {
            if (select == null || key.equals(idField) || select.contains(key)) out.put(key, value);
        });
        return out;
    }

    /** Filters, sorts, pages and projects {@code items}: what a {@code find} returns, as shallow copies. */
    public List<Map<String, Object>> apply(Collection<? extends Map<String, ?>> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, ?> item : paged(sorted(filter(items)))) out.add(project(item));
        return out;
    }

    @Override
    public String toString() {
        return "Query{conditions=" + conditions + ", limit=" + limit + ", skip=" + skip
                + ", sort=" + sort + ", select=" + select + "}";
    }

    @FunctionalInterface
    private interface Condition {
        boolean test(Map<String, ?> item);
    }

    private static Condition compile(Map<String, Object> query, String idField, String inside) {
        List<Condition> all = new ArrayList<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if ("$or".equals(key) || "$and".equals(key)) {
                List<Condition> parts = new ArrayList<>();
                for (Map<String, Object> sub : subQueries(key, value)) parts.add(compile(sub, idField, key));
                all.add("$or".equals(key)
                        ? item -> parts.stream().anyMatch(c -> c.test(item))
                        : item -> parts.stream().allMatch(c -> c.test(item)));
            } else if (key.startsWith("$")) {
                throw new BadRequest("Invalid query parameter '" + key + "'" + (inside == null ? "" : " inside " + inside));
            } else {
                all.add(field(key, value, key.equals(idField)));
            }
        }
        if (all.size() == 1) return all.get(0);
        return item -> {
            for (Condition c : all) {
                if (!c.test(item)) return false;
            }
            return true;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> subQueries(String operator, Object value) {
        if (!(value instanceof List)) {
            throw new BadRequest("Invalid " + operator + ": expected a list of query objects, got " + describe(value));
        }
        List<?> list = (List<?>) value;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw new BadRequest("Invalid " + operator + ": expected a list of query objects, but item " + i + " is " + describe(list.get(i)));
            }
        }
        return (List<Map<String, Object>>) list;
    }

    private static Condition field(String field, Object value, boolean id) {
        if (!isOperatorMap(value, field)) return item -> same(Values.lookup(item, field), value, id);
        List<Predicate<Object>> tests = new ArrayList<>();
        ((Map<?, ?>) value).forEach((op, operand) -> tests.add(operator((String) op, field, operand, id)));
        return item -> {
            Object actual = Values.lookup(item, field);
            for (Predicate<Object> test : tests) {
                if (!test.test(actual)) return false;
            }
            return true;
        };
    }

    private static Predicate<Object> operator(String op, String field, Object operand, boolean id) {
        switch (op) {
            case "$ne":
                return actual -> !same(actual, operand, id);
            case "$in": {
                List<?> list = listOperand(op, field, operand);
                return actual -> list.stream().anyMatch(v -> same(actual, v, id));
            }
            case "$nin": {
                List<?> list = listOperand(op, field, operand);
                return actual -> list.stream().noneMatch(v -> same(actual, v, id));
            }
            case "$lt":
                return actual -> compares(actual, operand, id, c -> c < 0);
            case "$lte":
                return actual -> compares(actual, operand, id, c -> c <= 0);
            case "$gt":
                return actual -> compares(actual, operand, id, c -> c > 0);
            case "$gte":
                return actual -> compares(actual, operand, id, c -> c >= 0);
            default:
                throw new BadRequest("Invalid query operator '" + op + "' on field '" + field + "'");
        }
    }

    private static boolean compares(Object actual, Object operand, boolean id, IntPredicate accept) {
        Integer comparison = compare(actual, operand, id);
        return comparison != null && accept.test(comparison);
    }

    private static boolean isOperatorMap(Object value, String field) {
        if (!(value instanceof Map)) return false;
        Map<?, ?> map = (Map<?, ?>) value;
        long operators = map.keySet().stream().filter(k -> String.valueOf(k).startsWith("$")).count();
        if (operators == 0) return false;
        if (operators < map.size()) {
            throw new BadRequest("Invalid condition on field '" + field + "': operators and plain fields cannot be mixed");
        }
        return true;
    }

    private static List<?> listOperand(String op, String field, Object operand) {
        if (!(operand instanceof List)) {
            throw new BadRequest("Invalid " + op + " on field '" + field + "': expected a list, got " + describe(operand));
        }
        return (List<?>) operand;
    }

    private static boolean same(Object actual, Object expected, boolean id) {
        if (id && Values.isId(actual) && Values.isId(expected)) return Values.idKey(actual).equals(Values.idKey(expected));
        return Values.same(actual, expected);
    }

    private static Integer compare(Object actual, Object expected, boolean id) {
        if (id && Values.isId(actual) && Values.isId(expected)) {
            BigDecimal a = number(actual);
            BigDecimal b = number(expected);
            if (a != null && b != null) return a.compareTo(b);
        }
        return Values.compare(actual, expected);
    }

    private static BigDecimal number(Object value) {
        try {
            return value instanceof Number ? new BigDecimal(Values.idKey(value)) : new BigDecimal((String) value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer count(String name, Object value) {
        if (value == null) return null;
        BigDecimal n = null;
        if (value instanceof String && DIGITS.matcher((String) value).matches()) n = new BigDecimal((String) value);
        else if (value instanceof Number) n = integral((Number) value);
        if (n == null || n.signum() < 0) {
            throw new BadRequest("Invalid " + name + " " + describe(value) + ": expected a non-negative integer");
        }
        return n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE : n.intValueExact();
    }

    private static BigDecimal integral(Number n) {
        try {
            BigDecimal d = new BigDecimal(Values.idKey(n));
            return d.scale() <= 0 ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Integer> sortOf(Object value) {
        if (value == null) return Map.of();
        if (!(value instanceof Map)) {
            throw new BadRequest("Invalid $sort " + describe(value) + ": expected an object of field: 1 or -1");
        }
        Map<String, Integer> sort = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((field, direction) -> sort.put(String.valueOf(field), direction(String.valueOf(field), direction)));
        return Collections.unmodifiableMap(sort);
    }

    private static int direction(String field, Object value) {
        String text = value instanceof Number ? Values.idKey(value) : value instanceof String ? (String) value : null;
        if ("1".equals(text)) return 1;
        if ("-1".equals(text)) return -1;
        throw new BadRequest("Invalid $sort direction " + describe(value) + " for field '" + field + "': expected 1 or -1");
    }

    private static List<String> selectOf(Object value) {
        if (value == null) return null;
        if (value instanceof String) return List.of((String) value);
        if (value instanceof List && ((List<?>) value).stream().allMatch(v -> v instanceof String)) {
            @SuppressWarnings("unchecked")
            List<String> fields = (List<String>) value;
            return List.copyOf(fields);
        }
        throw new BadRequest("Invalid $select " + describe(value) + ": expected a list of field names");
    }

    private static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof String) return "'" + value + "'";
        if (value instanceof Map) return "an object";
        return value instanceof List ? "a list" : String.valueOf(value);
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), freeze(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map) return freezeMap((Map<?, ?>) value);
        if (value instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object v : (Collection<?>) value) out.add(freeze(v));
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
