package dev.skein.spring.internal;

import dev.skein.spring.SkeinReference;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;

import java.lang.annotation.Annotation;

/**
 * Spring's resolver of autowiring candidates, plus {@link SkeinReference}: an injection point with
 * it gets its value from {@link RemoteHandles}, as one with {@code @Value} gets a property.
 */
public class SkeinReferenceAutowireCandidateResolver extends ContextAnnotationAutowireCandidateResolver {

    /** A resolver; the bean factory is set by the factory it is installed in. */
    public SkeinReferenceAutowireCandidateResolver() {
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        SkeinReference remote = reference(descriptor.getAnnotations());
        if (remote == null) return super.getSuggestedValue(descriptor);
        BeanFactory factory = getBeanFactory();
        if (factory == null) throw new IllegalStateException("The @SkeinReference resolver is not installed in a bean factory");
        String where = descriptor.getField() != null ? descriptor.getField().toGenericString()
                : String.valueOf(descriptor.getMethodParameter());
        return factory.getBean(RemoteHandles.class).resolve(remote.value(), descriptor.getResolvableType(), where);
    }

    private static SkeinReference reference(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof SkeinReference remote) return remote;
        }
        return null;
    }
}
