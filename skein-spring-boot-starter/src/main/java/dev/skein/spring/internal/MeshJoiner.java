package dev.skein.spring.internal;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Configures the context's {@link Mesh} bean on its {@link App} as soon as the bean is created,
 * whoever declared it, unless the app has a mesh already: from then on the node is in the mesh and
 * remote handles resolve. Service beans are registered later, when the context starts.
 */
public final class MeshJoiner implements BeanPostProcessor {

    private final ObjectProvider<App> app;

    /** Joins the meshes of the context's single app. */
    public MeshJoiner(ObjectProvider<App> app) {
        this.app = app;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof Mesh mesh) {
            App target = app.getIfUnique();
            if (target != null && target.plugin(Mesh.class).isEmpty()) {
                try {
                    target.configure(mesh);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("Bean '" + beanName + "' could not join the mesh at " + mesh.options().transport()
                            + " (skein.mesh.transport): " + e.getMessage(), e);
                }
            }
        }
        return bean;
    }
}
