package dev.skein.cli;

import dev.skein.core.ServicePath;
import dev.skein.mesh.Access;

import java.util.List;
import java.util.Map;

/**
 * Access rules ({@link Access}) as the CLI takes them, one model in two forms:
 * <ul>
 *   <li>flags: {@code --allow-call PATH=IDS} (every method of PATH), {@code --allow-call PATH:METHOD=IDS},
 *       {@code --allow-offer PATH=IDS}, IDS being key names or roles separated by commas;</li>
 *   <li>the node file: {@code mesh.access: {PATH: {call: [IDS], methods: {METHOD: [IDS]}, offer: [IDS]}}}, the
 *       same as the Spring properties {@code skein.mesh.access.PATH.call / .methods.METHOD / .offer}.</li>
 * </ul>
 * Paths must be canonical ({@link ServicePath}): a rule never names a path in another spelling than the one it guards.
 */
final class AccessRules {

    private AccessRules() {
    }

    /** The rules of the flags, or null when there are none. */
    static Access fromFlags(List<String> calls, List<String> offers) {
        if (calls.isEmpty() && offers.isEmpty()) return null;
        Access.Builder b = Access.builder();
        for (String rule : calls) {
            String[] target = split(rule, "--allow-call", "PATH[:METHOD]=IDS, e.g. payments=billing or payments:create=orders,admin");
            int colon = target[0].indexOf(':');
            String path = path(colon < 0 ? target[0] : target[0].substring(0, colon), "--allow-call " + rule);
            String method = colon < 0 ? Access.ANY_METHOD : target[0].substring(colon + 1);
            if (method.isBlank()) throw new IllegalArgumentException("--allow-call " + rule + ": no method after ':'");
            b.call(path, method, ids(target[1]));
        }
        for (String rule : offers) {
            String[] target = split(rule, "--allow-offer", "PATH=IDS, e.g. payments=billing");
            b.offer(path(target[0], "--allow-offer " + rule), ids(target[1]));
        }
        return b.build();
    }

    /**
     * The rules of the node file's {@code mesh.access} mapping, or null when it is empty.
     *
     * @param file for messages
     */
    static Access fromMap(Map<?, ?> access, String file) {
        if (access.isEmpty()) return null;
        Access.Builder b = Access.builder();
        access.forEach((key, value) -> {
            String where = file + ": 'mesh.access." + key + "'";
            String path = path(String.valueOf(key), where);
            if (!(value instanceof Map<?, ?> rule)) throw new IllegalArgumentException(where + " must be a mapping of call, methods and offer");
            for (Object k : rule.keySet()) {
                if (!List.of("call", "methods", "offer").contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(file + ": unknown key 'mesh.access." + key + "." + k + "' (allowed: [call, methods, offer])");
                }
            }
            if (rule.get("call") != null) b.call(path, Access.ANY_METHOD, names(rule.get("call"), where + ".call"));
            if (rule.get("offer") != null) b.offer(path, names(rule.get("offer"), where + ".offer"));
            Object methods = rule.get("methods");
            if (methods != null) {
                if (!(methods instanceof Map<?, ?> byMethod)) throw new IllegalArgumentException(where + ".methods must map a method to identities");
                byMethod.forEach((method, ids) -> b.call(path, String.valueOf(method), names(ids, where + ".methods." + method)));
            }
        });
        return b.build();
    }

    private static String[] split(String rule, String flag, String form) {
        int eq = rule.indexOf('=');
        if (eq <= 0 || eq == rule.length() - 1) throw new IllegalArgumentException(flag + " " + rule + ": expected " + form);
        return new String[]{rule.substring(0, eq).trim(), rule.substring(eq + 1)};
    }

    private static String path(String path, String where) {
        String why = ServicePath.whyNotCanonical(path);
        if (why != null) throw new IllegalArgumentException(where + ": the service path " + ServicePath.quoted(path) + " is not canonical: " + why);
        return path;
    }

    private static String[] ids(String list) {
        String[] ids = list.split(",");
        for (int i = 0; i < ids.length; i++) ids[i] = ids[i].trim();
        return ids;
    }

    private static String[] names(Object value, String where) {
        if (value instanceof String s) return ids(s);
        if (value instanceof List<?> l && !l.isEmpty()) return l.stream().map(String::valueOf).map(String::trim).toArray(String[]::new);
        throw new IllegalArgumentException(where + " must be a list of identities (key names or roles)");
    }
}
