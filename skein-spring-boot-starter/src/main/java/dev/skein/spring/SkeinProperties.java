package dev.skein.spring;

import dev.skein.mesh.Balancing;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code skein.*} properties: the app, its mesh ({@code skein.mesh.*}), its gateway
 * ({@code skein.gateway.*}) and service beans ({@code skein.services.<beanName>.*}). A property left
 * unset keeps Skein's default (the {@code DEFAULT_*} constants of {@link dev.skein.mesh.Mesh} and
 * {@link dev.skein.gateway.Gateway}). An unknown {@code skein.*} key in a configuration file fails
 * the start, naming it; environment variables and system properties are not checked that way.
 *
 * <p>Mutable, as Spring binds it; read once, when the beans are created.
 */
@ConfigurationProperties(prefix = "skein")
public class SkeinProperties {

    /** The app's name, used in node ids, thread names and logs. Default: spring.application.name, else "app". */
    private String name;

    /**
     * Whether the running node keeps the JVM alive until the context closes (Ctrl-C, SIGTERM), as a
     * web server does: without it an app with no web server would start, then exit at once. Default: true.
     */
    private boolean keepAlive = true;

    private final MeshProperties mesh = new MeshProperties();

    private final GatewayProperties gateway = new GatewayProperties();

    /** Service beans by bean name: the path and options of each; they override @SkeinService. */
    private final Map<String, ServiceProperties> services = new LinkedHashMap<>();

    /** The app's name, or null for the default. */
    public String getName() {
        return name;
    }

    /** Sets the app's name. */
    public void setName(String name) {
        this.name = name;
    }

    /** Whether the running node keeps the JVM alive until the context closes. */
    public boolean isKeepAlive() {
        return keepAlive;
    }

    /** Sets whether the running node keeps the JVM alive until the context closes. */
    public void setKeepAlive(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    /** The mesh's properties. */
    public MeshProperties getMesh() {
        return mesh;
    }

    /** The gateway's properties. */
    public GatewayProperties getGateway() {
        return gateway;
    }

    /** The service beans' properties by bean name. */
    public Map<String, ServiceProperties> getServices() {
        return services;
    }

    /** {@code skein.mesh.*}: how this node joins the mesh ({@link dev.skein.mesh.Mesh.Builder}). */
    public static class MeshProperties {

        /** Whether the app joins a mesh; false for an app whose services are local only. */
        private boolean enabled = true;

        /** Access rules by service path ({@link dev.skein.mesh.Access}): who may call it, each method of it, and offer it, by key name or role. Needs key-file. */
        private Map<String, AccessProperties> access = new LinkedHashMap<>();

        /** Whether the context's start waits for the mesh to be ready (every dependency up) and fails, saying what is missing, after the discovery timeout. Default: false. */
        private boolean awaitReady;

        /** Whether the app joins a mesh. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the app joins a mesh. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The access rules by service path. */
        public Map<String, AccessProperties> getAccess() {
            return access;
        }

        /** Sets the access rules by service path. */
        public void setAccess(Map<String, AccessProperties> access) {
            this.access = access;
        }

        /** Whether the start waits for the mesh to be ready. */
        public boolean isAwaitReady() {
            return awaitReady;
        }

        /** Sets whether the start waits for the mesh to be ready. */
        public void setAwaitReady(boolean awaitReady) {
            this.awaitReady = awaitReady;
        }
    }

    /**
     * {@code skein.mesh.access.<path>.*}: the access rules of one service path, the same as the CLI's
     * node file ({@code mesh.access.<path>}) and flags ({@code --allow-call}, {@code --allow-offer}).
     * A path with a slash is written in brackets: {@code skein.mesh.access[shop/orders].call}.
     */
    public static class AccessProperties {

        /** The key names or roles that may call every method of the path. */
        private List<String> call = new ArrayList<>();

        /** By method: the key names or roles that may call that method of the path. */
        private Map<String, List<String>> methods = new LinkedHashMap<>();

        /** The key names or roles that may offer (serve) the path. */
        private List<String> offer = new ArrayList<>();

        /** Who may call every method. */
        public List<String> getCall() {
            return call;
        }

        /** Sets who may call every method. */
        public void setCall(List<String> call) {
            this.call = call;
        }

        /** Who may call each method. */
        public Map<String, List<String>> getMethods() {
            return methods;
        }

        /** Sets who may call each method. */
        public void setMethods(Map<String, List<String>> methods) {
            this.methods = methods;
        }

        /** Who may offer the path. */
        public List<String> getOffer() {
            return offer;
        }

        /** Sets who may offer the path. */
        public void setOffer(List<String> offer) {
            this.offer = offer;
        }
    }

    /** {@code skein.gateway.*}: REST, WebSocket and Socket.IO for outside clients ({@link dev.skein.gateway.Gateway.Builder}); needs skein-gateway. */
    public static class GatewayProperties {

        /** Whether the app serves a gateway. Default: false. */
        private boolean enabled;

        /** Whether the app serves a gateway. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the app serves a gateway. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    /** {@code skein.services.<beanName>.*}: registers the bean as a service, or overrides its {@link SkeinService}. */
    public static class ServiceProperties {

        /** The path the bean is registered at. */
        private String path;

        /** Its semantic version. Default: 0.0.0. */
        private String version;

        /** Every method it offers, standard and custom. Default: the standard methods its class implements. */
        private List<String> methods;

        /** The custom events it emits. */
        private List<String> events;

        /** Free metadata advertised to the mesh with the service. */
        private Map<String, String> metadata = new LinkedHashMap<>();

        /** Whether its methods never block (ServiceOptions.nonBlocking): calls without hooks then run on the thread that reads them. */
        private Boolean nonBlocking;

        /** The path, or null. */
        public String getPath() {
            return path;
        }

        /** Sets the path. */
        public void setPath(String path) {
            this.path = path;
        }

        /** The version, or null. */
        public String getVersion() {
            return version;
        }

        /** Sets the version. */
        public void setVersion(String version) {
            this.version = version;
        }

        /** The methods, or null. */
        public List<String> getMethods() {
            return methods;
        }

        /** Sets the methods. */
        public void setMethods(List<String> methods) {
            this.methods = methods;
        }

        /** The custom events, or null. */
        public List<String> getEvents() {
            return events;
        }

        /** Sets the custom events. */
        public void setEvents(List<String> events) {
            this.events = events;
        }

        /** Whether its methods never block, or null when not given. */
        public Boolean getNonBlocking() {
            return nonBlocking;
        }

        /** Sets whether its methods never block. */
        public void setNonBlocking(Boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
        }

        /** The metadata. */
        public Map<String, String> getMetadata() {
            return metadata;
        }

        /** Sets the metadata. */
        public void setMetadata(Map<String, String> metadata) {
            this.metadata = metadata;
        }
    }
}
