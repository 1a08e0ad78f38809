package dev.skein.spring.internal;

import dev.skein.core.App;
import dev.skein.core.BlockingHandle;
import dev.skein.core.ServiceHandle;
import dev.skein.core.TypedService;
import dev.skein.core.errors.NotFound;
import dev.skein.mesh.Mesh;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.ResolvableType;

/** What a {@code @SkeinReference} injection point gets: the app's handle of the path, or a view of it. Thread-safe. */
public final class RemoteHandles {

    private final ObjectProvider<App> app;
    private final ObjectProvider<Mesh> mesh;
    private final LocalServices local;

    /** Handles of {@code app}, whose mesh (when there is one) joins when first needed. */
    public RemoteHandles(ObjectProvider<App> app, ObjectProvider<Mesh> mesh, LocalServices local) {
        this.app = app;
        this.mesh = mesh;
        this.local = local;
    }

    /**
     * The value for an injection point of {@code type} that names {@code path}; {@code where}
     * describes the injection point for errors.
     *
     * @throws IllegalStateException naming the injection point when the type does not fit or the path cannot be served
     */
    public Object resolve(String path, ResolvableType type, String where) {
        Class<?> raw = type.resolve(Object.class);
        if (raw != ServiceHandle.class && raw != TypedService.class && raw != BlockingHandle.class) {
            throw new IllegalStateException("@SkeinReference(\"" + path + "\") on " + where + " injects a ServiceHandle, a TypedService<T> or a "
                    + "BlockingHandle, not a " + type);
        }
        String key;
        try {
            key = App.normalize(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@SkeinReference on " + where + " needs a path: " + e.getMessage(), e);
        }
        if (local.at(key) != null) local.register(key);
        Mesh joined = mesh.getIfAvailable(); // creating the bean joins the mesh (MeshJoiner)
        ServiceHandle handle;
        try {
            handle = app.getObject().service(key);
        } catch (NotFound e) {
            throw new IllegalStateException("@SkeinReference(\"" + key + "\") on " + where + ": no service is registered at '" + key + "' and "
                    + (joined == null ? "the app has no mesh (skein.mesh.enabled is false) to reach remote ones"
                    : "the mesh does not consume it (skein.mesh.consume, or a MeshBuilderCustomizer's consume or proxyPath)"), e);
        }
        if (raw == ServiceHandle.class) return handle;
        if (raw == BlockingHandle.class) {
            return handle.blocking(joined != null ? joined.options().calls().timeout() : Mesh.DEFAULT_TIMEOUT);
        }
        Class<?> item = type.getGeneric(0).resolve();
        if (item == null) {
            throw new IllegalStateException("@SkeinReference(\"" + key + "\") on " + where + " needs the item type of its TypedService, "
                    + "as TypedService<Todo>");
        }
        return app.getObject().service(key, item);
    }
}
