package dev.skein.spring.internal;

import dev.skein.core.App;
import dev.skein.core.BlockingService;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.spring.SkeinProperties;
import dev.skein.spring.SkeinService;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The context's service beans ({@link SkeinService} or {@code skein.services.<beanName>}) and
 * their registration in the app: all at once when the context starts, or one earlier when an
 * injection point asks for its path. Thread-safe.
 */
public final class LocalServices {

    /** A service bean: its name, its path and its options. */
    public record Definition(String beanName, String path, ServiceOptions options) {
    }

    private final ListableBeanFactory beans;
    private final ObjectProvider<App> app;
    private final SkeinProperties properties;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> registered = new LinkedHashSet<>();
    private Map<String, Definition> byPath;

    /** Reads the definitions from {@code beans} and {@code properties} when first asked. */
    public LocalServices(ListableBeanFactory beans, ObjectProvider<App> app, SkeinProperties properties) {
        this.beans = beans;
        this.app = app;
        this.properties = properties;
    }

    /** The paths this context's service beans are registered at. */
    public Set<String> paths() {
        return definitions().keySet();
    }

    /** The service bean at {@code path}, or null when none is. */
    public Definition at(String path) {
        return definitions().get(App.normalize(path));
    }

    /** Registers every service bean not registered yet, in the order they were declared. */
    public void registerAll() {
        for (String path : paths()) register(path);
    }

    /** Registers the service bean at {@code path} (creating the bean if needed) unless it is registered already. */
    public void register(String path) {
        Definition d = at(path);
        if (d == null) throw new IllegalArgumentException("No service bean is declared at '" + path + "'");
        lock.lock();
        try {
            if (registered.contains(d.path())) return;
            Object bean = beans.getBean(d.beanName());
            App target = app.getObject();
            if (bean instanceof Service service) target.use(d.path(), service, d.options());
            else if (bean instanceof BlockingService blocking) target.use(d.path(), blocking, d.options());
            else throw notAService(d.beanName(), d.path(), bean.getClass());
            registered.add(d.path());
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Definition> definitions() {
        lock.lock();
        try {
            if (byPath == null) byPath = read();
            return byPath;
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Definition> read() {
        Set<String> names = new LinkedHashSet<>(Arrays.asList(beans.getBeanNamesForAnnotation(SkeinService.class)));
        names.addAll(properties.getServices().keySet());
        Map<String, Definition> found = new LinkedHashMap<>();
        for (String name : names) {
            Definition d = definition(name);
            Definition before = found.putIfAbsent(d.path(), d);
            if (before != null) {
                throw new IllegalStateException("Beans '" + before.beanName() + "' and '" + name + "' are both Skein services at '" + d.path()
                        + "'; give one of them another path (@SkeinService or skein.services.<beanName>.path)");
            }
        }
        return found;
    }

    private Definition definition(String name) {
        String property = "skein.services." + name;
        if (!beans.containsBean(name)) {
            throw Settings.invalid(property, name, new IllegalArgumentException("no bean is named '" + name + "'; the beans that are services: "
                    + List.of(beans.getBeanNamesForType(Service.class)) + " " + List.of(beans.getBeanNamesForType(BlockingService.class))));
        }
        SkeinService annotation = beans.findAnnotationOnBean(name, SkeinService.class);
        SkeinProperties.ServiceProperties p = properties.getServices().getOrDefault(name, new SkeinProperties.ServiceProperties());
        String path = p.getPath() != null ? p.getPath() : annotation != null ? annotation.path() : "";
        if (path.isBlank()) {
            throw Settings.invalid(property + ".path", path, new IllegalArgumentException(
                    "bean '" + name + "' is a Skein service without a path: give one with @SkeinService(\"path\") or " + property + ".path"));
        }
        Class<?> type = beans.getType(name);
        if (type != null && !Service.class.isAssignableFrom(type) && !BlockingService.class.isAssignableFrom(type)) {
            throw notAService(name, path, type);
        }
        ServiceOptions.Builder options = ServiceOptions.builder().metadata(p.getMetadata());
        String version = p.getVersion() != null ? p.getVersion() : annotation != null ? annotation.version() : "";
        if (!version.isBlank()) options.version(version);
        List<String> methods = p.getMethods() != null ? p.getMethods() : annotation != null ? List.of(annotation.methods()) : List.of();
        if (!methods.isEmpty()) options.methods(methods);
        List<String> events = p.getEvents() != null ? p.getEvents() : annotation != null ? List.of(annotation.events()) : List.of();
        if (!events.isEmpty()) options.events(events);
        options.nonBlocking(p.getNonBlocking() != null ? p.getNonBlocking() : annotation != null && annotation.nonBlocking());
        try {
            return new Definition(name, App.normalize(path), options.build());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The options of Skein service bean '" + name + "' at '" + path + "' (@SkeinService or "
                    + property + ".*) are refused: " + e.getMessage(), e);
        }
    }

    private static IllegalStateException notAService(String name, String path, Class<?> type) {
        return new IllegalStateException("Bean '" + name + "' (" + type.getName() + ") is declared a Skein service at '" + path
                + "' but implements neither dev.skein.core.Service nor dev.skein.core.BlockingService");
    }
}
