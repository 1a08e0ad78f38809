package dev.skein.spring;

import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a Spring bean that is a Skein service ({@link dev.skein.core.Service} or
 * {@link dev.skein.core.BlockingService}) in the context's {@link dev.skein.core.App} at a path, so
 * that every node of the mesh can call it.
 *
 * <pre>{@code
 * @Component
 * @SkeinService(path = "todos", version = "1.2.0")
 * class Todos extends MemoryService { }
 * }</pre>
 *
 * <p>On a class (with {@code @Component} or a bean of that class) or on a {@code @Bean} method. The
 * service is registered when the context starts, after every singleton is created, and so published
 * to the mesh then; earlier only when a {@link SkeinReference} injection point of the same context
 * names its path. {@code skein.services.<beanName>.*} properties override what the annotation says.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SkeinService {

    /** The path, as {@link #path()}. */
    @AliasFor("path")
    String value() default "";

    /** The path the service is registered at ({@code "todos"}, {@code "api/todos"}). */
    @AliasFor("value")
    String path() default "";

    /** Its semantic version, advertised to the mesh; empty for {@link dev.skein.core.ServiceOptions#DEFAULT_VERSION}. */
    String version() default "";

    /**
     * Every method it offers, standard and custom; empty to let the app find the standard methods
     * its class implements (see {@link dev.skein.core.ServiceOptions.Builder#methods(String...)}).
     */
    String[] methods() default {};

    /** The custom events it emits, besides {@code created}, {@code updated}, {@code patched} and {@code removed}. */
    String[] events() default {};

    /**
     * Whether its methods never block, so that calls without hooks run on the thread that makes or
     * reads them ({@link dev.skein.core.ServiceOptions#nonBlocking()}); false by default.
     */
    boolean nonBlocking() default false;
}
