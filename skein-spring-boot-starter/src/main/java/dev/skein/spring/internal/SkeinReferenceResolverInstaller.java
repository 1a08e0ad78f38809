package dev.skein.spring.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;

/**
 * Puts {@link SkeinReferenceAutowireCandidateResolver} in place of Spring's own resolver, which it
 * extends, before any bean is created. A context whose resolver was replaced by something else keeps
 * it, with a warning: {@code @SkeinReference} injection points then fail.
 */
public final class SkeinReferenceResolverInstaller implements BeanFactoryPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SkeinReferenceResolverInstaller.class);

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof DefaultListableBeanFactory factory)) return;
        AutowireCandidateResolver current = factory.getAutowireCandidateResolver();
        if (current instanceof SkeinReferenceAutowireCandidateResolver) return;
        if (current.getClass() != ContextAnnotationAutowireCandidateResolver.class) {
            LOG.warn("The bean factory's autowire candidate resolver is a {}, not Spring's own; Skein leaves it in place, "
                    + "and @SkeinReference injection points will not be resolved", current.getClass().getName());
            return;
        }
        factory.setAutowireCandidateResolver(new SkeinReferenceAutowireCandidateResolver());
    }
}
