package dev.skein.spring.web;

import dev.skein.spring.SkeinAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * In a Spring MVC or WebFlux application, {@link SkeinErrorAdvice}: a Skein error reaching a controller answers
 * with its status and JSON form. An application's own {@code @ControllerAdvice} for the same errors answers
 * first; a bean of type {@link SkeinErrorAdvice} replaces it.
 */
@AutoConfiguration(after = SkeinAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(RestControllerAdvice.class)
public class SkeinWebAutoConfiguration {

    /** The auto-configuration; Spring Boot creates it. */
    public SkeinWebAutoConfiguration() {
    }

    /** The advice that maps Skein's errors to their HTTP status. */
    @Bean
    @ConditionalOnMissingBean
    public SkeinErrorAdvice skeinErrorAdvice() {
        return new SkeinErrorAdvice();
    }
}
