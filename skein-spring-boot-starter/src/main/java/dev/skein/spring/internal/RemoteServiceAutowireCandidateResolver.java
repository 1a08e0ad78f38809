package dev.skein.spring.internal;

import dev.skein.spring.RemoteService;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;

import java.lang.annotation.Annotation;

/**
 * Spring's resolver of autowiring candidates, plus {@link RemoteService}: an injection point with
 * it gets its value from {@link RemoteHandles}, as one with {@code @Value} gets a property.
 */
public class RemoteServiceAutowireCandidateResolver extends ContextAnnotationAutowireCandidateResolver {

    /** A resolver; the bean factory is set by the factory it is installed in. */
    public RemoteServiceAutowireCandidateResolver() {
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        RemoteService remote = remoteService(descriptor.getAnnotations());
        if (remote == null) return super.getSuggestedValue(descriptor);
        BeanFactory factory = getBeanFactory();
        if (factory == null) throw new IllegalStateException("The @RemoteService resolver is not installed in a bean factory");
        String where = descriptor.getField() != null ? descriptor.getField().toGenericString()
                : String.valueOf(descriptor.getMethodParameter());
        return factory.getBean(RemoteHandles.class).resolve(remote.value(), descriptor.getResolvableType(), where);
    }

    private static RemoteService remoteService(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof RemoteService remote) return remote;
        }
        return null;
    }
}
