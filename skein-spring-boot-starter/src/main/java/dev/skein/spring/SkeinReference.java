package dev.skein.spring;

import org.springframework.beans.factory.annotation.Autowired;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the handle of the service at a path, wherever in the mesh it runs:
 *
 * <pre>{@code
 * @RestController
 * class TodoController {
 *     TodoController(@SkeinReference("todos") ServiceHandle todos) { ... }
 * }
 *
 * @SkeinReference("todos") TypedService<Todo> typedTodos;        // a field: no @Autowired needed
 * @SkeinReference("todos") BlockingHandle blockingTodos;  // waits at most skein.mesh.timeout
 * }</pre>
 *
 * <p>Fits a constructor or {@code @Bean} method parameter and a field, of type
 * {@link dev.skein.core.ServiceHandle}, {@link dev.skein.core.TypedService TypedService&lt;T&gt;}
 * (the type argument given) or {@link dev.skein.core.BlockingHandle}. The handle is the
 * app's own ({@code app.service(path)}): valid for the life of the context, its calls go to an
 * instance known when they are made and wait for one up to the mesh's timeout, so it may be
 * injected before any instance is up. A path that a {@link SkeinService} bean of the same context
 * serves gets that local service.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Autowired
public @interface SkeinReference {

    /** The service's path ({@code "todos"}). */
    String value();
}
